// Runs the sandbox TZSMM Pay API on its own, for trying the node in a local n8n:
//   npm run sandbox -- --port 8787 --key my-test-key --error-style body
'use strict';

const { createMockServer } = require('./server');

function option(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index === -1 ? fallback : process.argv[index + 1];
}

const server = createMockServer({
	apiKey: option('key', undefined),
	errorStyle: option('error-style', 'http'),
});
server.listen(Number(option('port', 8787))).then(({ baseUrl }) => {
	console.log(`Sandbox TZSMM Pay API listening on ${baseUrl}`);
	console.log(`API key: ${server.apiKey}  (Ctrl+C stops it)`);
});
process.on('SIGINT', () => server.close().then(() => process.exit(0)));
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
