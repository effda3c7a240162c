// The main job, for a newcomer: starts the sandbox TZSMM Pay API on 127.0.0.1, runs every workflow
// in examples/ through n8n's execution engine with the built package (dist/), and prints what each
// TZSMM Pay node returned.
'use strict';

const path = require('node:path');
const { ActiveWorkflow, runWorkflow } = require('../engine');
const { createSandbox } = require('../sandbox/server');
const { withBuyerEmailFilledIn } = require('./example-steps');

const EXAMPLES = [
	'check-balance.json',
	'list-services.json',
	'place-order-and-check-status.json',
	'bulk-order-status.json',
	// The trigger's examples, run as "Fetch Test Event" runs them: a sample of the current state.
	'order-status-changed.json',
	'balance-below.json',
	'service-changed.json',
];
const NODE_TYPE = 'n8n-nodes-tzsmmpay.tzsmmPay';
const TRIGGER_TYPE = 'n8n-nodes-tzsmmpay.tzsmmPayTrigger';

/** What a node of this package was asked to do: its resource › operation, or its event. */
function describeTask(node) {
	const { resource, operation, event } = node.parameters;
	return node.type === TRIGGER_TYPE ? `Fetch Test Event (${event})` : `${resource} › ${operation}`;
}

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
	const sandbox = createSandbox();
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
			const shipped = require(path.join('..', 'examples', file));
			const workflow = withBuyerEmailFilledIn(shipped);
			const result = await runWorkflow(workflow, credentials);
			console.log(`▶ ${workflow.name}  (examples/${file})`);
			if (workflow !== shipped) {
				console.log(
					'\n  Buyer Email: buyer@example.com typed in, as the sticky note asks (as shipped, it is\n  empty, so that a click cannot order by accident)',
				);
			}
			const ours = workflow.nodes.filter((node) => [NODE_TYPE, TRIGGER_TYPE].includes(node.type));
			for (const node of ours) {
				const items = result.output(node.name).map((item) => item.json);
				console.log(`\n  ${node.name}: ${describeTask(node)} returned ${items.length} item(s)`);
				console.log(formatTable(items));
			}
			if (result.error) {
				failures++;
				console.log(`\n  ✖ the workflow failed: ${result.error.message}`);
			}
			console.log('');
		}
		await showOneOrderPerSale(credentials);
		await showActivePolling(sandbox, credentials);
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

/**
 * The heart of the sales ledger (examples/automations/sales-ledger.json): its Order Licence node,
 * with the licence's key as Idempotency Key, given the same licence twice, as a shop's repeated
 * delivery or a second retry run would. (Its Data Table, Schedule and Send Email nodes need a
 * running n8n: see the e2e tests.)
 */
async function showOneOrderPerSale(credentials) {
	const ledger = require('../examples/automations/sales-ledger.json');
	const orderNode = ledger.nodes.find(
		(node) => node.type === NODE_TYPE && node.name === 'Order Licence',
	);
	// A licence as the ledger hands it to the node: its row, claimed for ordering.
	const licence = { key: 'shop:1001:1', service: 2, email: 'buyer@example.com', state: 'ordering' };
	const workflow = {
		name: ledger.name,
		nodes: [
			{
				id: 'demo-licence',
				name: 'Licence to Order',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			orderNode,
		],
		connections: {
			'Licence to Order': { main: [[{ node: orderNode.name, type: 'main', index: 0 }]] },
		},
		pinData: { 'Licence to Order': [{ json: licence }] },
	};
	console.log(`▶ ${workflow.name}  (examples/automations/sales-ledger.json, its TZSMM Pay node)`);
	for (const delivery of ['first', 'second']) {
		const result = await runWorkflow(workflow, credentials);
		if (result.error) throw result.error;
		const items = result.output(orderNode.name).map((item) => item.json);
		console.log(
			`\n  The ${delivery} attempt at licence ${licence.key}: ${orderNode.name} returned`,
		);
		console.log(formatTable(items));
	}
	console.log('');
}

/** The order-status example as an active workflow: n8n polls its trigger on a schedule. */
async function showActivePolling(sandbox, credentials) {
	const workflow = require('../examples/order-status-changed.json');
	const trigger = workflow.nodes.find((node) => node.type === TRIGGER_TYPE);
	const active = new ActiveWorkflow(workflow, credentials, trigger.name);
	console.log(`▶ ${workflow.name}, activated: n8n polls "${trigger.name}"`);
	const report = (label, { items, error }) => {
		if (error) throw error;
		console.log(`\n  ${label}: ${items ? `${items.length} item(s)` : 'no items'}`);
		if (items) console.log(formatTable(items));
	};
	report('Poll 1, on activation, records the statuses and emits', await active.poll());
	Object.assign(sandbox.state.orders.get(23502), { status: 'Completed', remains: 0 });
	console.log('\n  (in the sandbox, order 23502 is now Completed)');
	report('Poll 2 emits', await active.poll());
	report('Poll 3, nothing changed, emits', await active.poll());
	console.log('');
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
