/**
 * The workflows of examples/, imported with `n8n import:credentials` / `n8n import:workflow` and
 * run with `n8n execute --id` by the real n8n, on Node 24, with the package installed from its
 * tarball; the sandbox API runs in this file. The trigger examples cannot start from the CLI (it
 * needs a Manual Trigger): 03-server.e2e.js activates them.
 */
'use strict';

const { cliFailure, executeByCli, logLines } = require('../../real-n8n/n8n');
const { readRunState } = require('../../real-n8n/run-state');
const { useSandbox } = require('../../sandbox/use-sandbox');
const { BULK_ORDERS, EXAMPLE_OUTPUTS } = require('../example-outputs');
const {
	examples,
	ensureImported,
	PLACE_ORDER_AS_SHIPPED_ID,
	WRONG_KEY_WORKFLOW_ID,
} = require('./support/workflows');

const { apiKey, wrongApiKey, sandboxPort } = readRunState();
const sandbox = useSandbox({ apiKey, port: sandboxPort });
/** Everything n8n printed in this file, to look for the keys in. */
const printed = [];

beforeAll(async () => {
	const outputs = await ensureImported();
	printed.push(outputs.credentials, outputs.workflows);
});

/** n8n execute --id <example>; its exit, its output, the parsed execution and whether it succeeded. */
async function execute(workflowId) {
	const result = await executeByCli(`execute-${workflowId}`, workflowId);
	printed.push(result.output);
	return result;
}

/** The JSON of the items a node returned in the execution, each checked to carry pairedItem. */
function itemsOf(execution, nodeName) {
	const items = execution.data.resultData.runData[nodeName][0].data.main[0];
	for (const item of items) expect(item.pairedItem).toBeDefined();
	return items.map((item) => item.json);
}

async function executeExample(file) {
	const example = examples().find((entry) => entry.file === file);
	const result = await execute(example.id);
	if (!result.succeeded) throw new Error(cliFailure(example.id, result));
	return (nodeName) => itemsOf(result.execution, nodeName);
}

test('the imports report what they imported', () => {
	const messages = printed.flatMap((output) => logLines(output).map((line) => line.message));

	expect(messages).toContain('Successfully imported 2 credentials.');
	// The examples, check-balance with a wrong key, and the ordering example as shipped.
	expect(messages).toContain(`Successfully imported ${examples().length + 2} workflows.`);
});

test('check-balance returns the balance', async () => {
	const output = await executeExample('check-balance.json');

	expect(output('Get Balance')).toEqual(EXAMPLE_OUTPUTS.checkBalance['Get Balance']);
	expect(sandbox.requestsFor('balance')).toHaveLength(1);
});

test('list-services returns every service', async () => {
	const output = await executeExample('list-services.json');

	expect(output('List Services').map((service) => [service.service, service.name])).toEqual([
		[2, 'Monthly Silver'],
		[3, 'Monthly Gold'],
		[7, 'Yearly Gold'],
		[11, 'Setup Assistance'],
	]);
});

test('place-order-and-check-status places one order and reads it back', async () => {
	const output = await executeExample('place-order-and-check-status.json');

	const expected = EXAMPLE_OUTPUTS.placeOrderAndCheckStatus;
	expect(output('Place Order')).toEqual(expected['Place Order']);
	expect(output('Get Order Status')).toEqual(expected['Get Order Status']);
	expect(sandbox.requestsFor('add')).toHaveLength(1);
	expect(sandbox.state.balance).toBe(24.44);
});

test('place-order-and-check-status as shipped orders nothing: n8n asks for the Buyer Email', async () => {
	sandbox.reset();
	const result = await execute(PLACE_ORDER_AS_SHIPPED_ID);

	// n8n refuses to start a workflow whose node lacks a required field. Its CLI reports that only
	// as "No active execution found"; test/examples.test.ts shows, in n8n's engine, that the refusal
	// is n8n's check of the empty Buyer Email.
	expect(result.code).not.toBe(0);
	expect(result.execution).toBeUndefined();
	expect(result.output).toContain('Error executing workflow');
	expect(sandbox.state.requests).toEqual([]);
});

test('bulk-order-status reports known orders and flags the unknown one, in one request', async () => {
	for (const order of BULK_ORDERS) sandbox.addOrder(order.serviceId, order.email, order.status);

	const output = await executeExample('bulk-order-status.json');

	expect(output('Get Many Statuses')).toEqual(EXAMPLE_OUTPUTS.bulkOrderStatus['Get Many Statuses']);
	expect(sandbox.requestsFor('status')).toHaveLength(1);
});

describe('a wrong API key', () => {
	let result;
	let requests;
	beforeAll(async () => {
		sandbox.reset();
		result = await execute(WRONG_KEY_WORKFLOW_ID);
		requests = [...sandbox.state.requests];
	});

	test('fails the run with the contract message', () => {
		const baseCommandErrors = logLines(result.output)
			.filter((line) => line.metadata?.file === 'base-command.js' && line.level === 'error')
			.map((line) => line.message);

		expect(result.code).not.toBe(0);
		expect(result.execution).toBeUndefined();
		expect(baseCommandErrors).toEqual(['TZSMM Pay rejected the API key (Invalid API key)']);
	});

	test('reached the API once, with the wrong key', () => {
		expect(requests.map((request) => [request.action, request.keyValid])).toEqual([
			['balance', false],
		]);
	});
});

test('neither key appears in anything n8n printed (debug logs included)', () => {
	const everything = printed.join('\n');

	expect(everything.length).toBeGreaterThan(0);
	expect(everything).not.toContain(apiKey);
	expect(everything).not.toContain(wrongApiKey);
});
