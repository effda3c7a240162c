// The main job, for a newcomer: starts the sandbox TZSMM Pay API on 127.0.0.1, runs every workflow
// in examples/ through n8n's execution engine with the built package (dist/), and prints what each
// TZSMM Pay node returned.
'use strict';

require('../test/harness/n8n-env');
require('./register-ts');

const path = require('node:path');
const { createMockServer } = require('../test/mock-server/server');
const { runWorkflow } = require('../test/harness/engine');

const EXAMPLES = [
	'check-balance.json',
	'list-services.json',
	'place-order-and-check-status.json',
	'bulk-order-status.json',
];
const NODE_TYPE = 'n8n-nodes-tzsmmpay.tzsmmPay';

function formatTable(rows) {
	if (rows.length === 0) return '  (no items)';
	const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
	const cell = (value) =>
		value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
	const widths = columns.map((column) =>
		Math.max(column.length, ...rows.map((row) => cell(row[column]).length)),
	);
	const line = (values) =>
		'  ' +
		values
			.map((value, i) => value.padEnd(widths[i]))
			.join('  ')
			.trimEnd();
	return [
		line(columns),
		line(widths.map((width) => '-'.repeat(width))),
		...rows.map((row) => line(columns.map((column) => cell(row[column])))),
	].join('\n');
}

async function main() {
	const sandbox = createMockServer();
	const { baseUrl } = await sandbox.listen();
	// An order placed earlier, so that the status examples have something to find.
	sandbox.addOrder(3, 'earlier-buyer@example.com', 'Completed');
	console.log(
		`Sandbox TZSMM Pay API on ${baseUrl} (balance ${sandbox.state.balance.toFixed(2)} USD)\n`,
	);

	const credentials = { tzsmmPayApi: { apiKey: sandbox.apiKey, baseUrl } };
	let failures = 0;
	try {
		for (const file of EXAMPLES) {
			const workflow = require(path.join('..', 'examples', file));
			const result = await runWorkflow(workflow, credentials);
			console.log(`▶ ${workflow.name}  (examples/${file})`);
			for (const node of workflow.nodes.filter((candidate) => candidate.type === NODE_TYPE)) {
				const { resource, operation } = node.parameters;
				const items = result.output(node.name).map((item) => item.json);
				console.log(
					`\n  ${node.name}: ${resource} › ${operation} returned ${items.length} item(s)`,
				);
				console.log(formatTable(items));
			}
			if (result.error) {
				failures++;
				console.log(`\n  ✖ the workflow failed: ${result.error.message}`);
			}
			console.log('');
		}
	} finally {
		await sandbox.close();
	}
	const requests = sandbox.state.requests.map((request) => request.action).join(', ');
	console.log(`The sandbox received ${sandbox.state.requests.length} requests: ${requests}`);
	if (failures > 0) {
		console.log(`${failures} example workflow(s) failed`);
		process.exitCode = 1;
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
