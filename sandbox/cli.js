// Runs the sandbox TZSMM Pay API on its own, for trying the node in a local n8n:
//   npm run sandbox -- --port 8787 --key my-test-key --error-style body
// and, to see how a workflow copes with a misbehaving panel, random faults from a seed:
//   npm run sandbox -- --faults 0.2 --seed 7 --fault-kinds badGateway,slowReply
// and a panel's rate limit (requests per minute; 429 without Retry-After unless --retry-after):
//   npm run sandbox -- --rate-limit 20 --retry-after
'use strict';

const { createSandbox, FAULT_NAMES } = require('./server');

function option(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index === -1 ? fallback : process.argv[index + 1];
}

const server = createSandbox({
	apiKey: option('key', undefined),
	errorStyle: option('error-style', 'http'),
});
const faultRate = option('faults', undefined);
if (faultRate !== undefined) {
	const kinds = option('fault-kinds', undefined);
	server.injectFaults({
		rate: Number(faultRate),
		seed: Number(option('seed', 1)),
		kinds: kinds === undefined ? FAULT_NAMES : kinds.split(','),
	});
}
const rateLimit = option('rate-limit', undefined);
if (rateLimit !== undefined) {
	server.limitRate({
		perWindow: Number(rateLimit),
		retryAfter: process.argv.includes('--retry-after'),
	});
}
server.listen(Number(option('port', 8787))).then(({ baseUrl }) => {
	console.log(`Sandbox TZSMM Pay API listening on ${baseUrl}`);
	if (faultRate !== undefined)
		console.log(`Serving random faults to ${Number(faultRate) * 100}% of requests`);
	if (rateLimit !== undefined) console.log(`Allowing ${rateLimit} requests a minute`);
	console.log(`API key: ${server.apiKey}  (Ctrl+C stops it)`);
});
process.on('SIGINT', () => server.close().then(() => process.exit(0)));
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
