/**
 * The importable workflows in examples/ (the ones the demo runs), run as they are against the
 * sandbox: what a user sees after importing one and pressing "Execute workflow".
 */
import { useSandbox } from '../sandbox/use-sandbox';
import { ActiveWorkflow, runWorkflow, type WorkflowJson } from '../engine';
import checkBalance from '../examples/check-balance.json';
import listServices from '../examples/list-services.json';
import placeOrderAndCheckStatus from '../examples/place-order-and-check-status.json';
import bulkOrderStatus from '../examples/bulk-order-status.json';
import orderStatusChanged from '../examples/order-status-changed.json';
import balanceBelow from '../examples/balance-below.json';
import serviceChanged from '../examples/service-changed.json';
import { withBuyerEmailFilledIn } from '../scripts/example-steps';
import { BULK_ORDERS, EXAMPLE_OUTPUTS } from './example-outputs';

const sandbox = useSandbox();

async function runExample(example: object) {
	const result = await runWorkflow(example as WorkflowJson, {
		tzsmmPayApi: { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl },
	});
	expect(result.error).toBeUndefined();
	return (nodeName: string) => result.output(nodeName).map((item) => item.json);
}

test('check-balance returns the balance', async () => {
	const output = await runExample(checkBalance);

	expect(output('Get Balance')).toEqual(EXAMPLE_OUTPUTS.checkBalance['Get Balance']);
});

test('list-services returns every service', async () => {
	const output = await runExample(listServices);

	expect(output('List Services').map((service) => service.name)).toEqual([
		'Monthly Silver',
		'Monthly Gold',
		'Yearly Gold',
		'Setup Assistance',
	]);
});

test('place-order-and-check-status, as shipped, orders nothing: n8n asks for the Buyer Email', async () => {
	const run = runWorkflow(placeOrderAndCheckStatus as unknown as WorkflowJson, {
		tzsmmPayApi: { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl },
	});

	await expect(run).rejects.toThrow('Parameter "Buyer Email" is required.');
	expect(sandbox.state.requests).toEqual([]);
});

test('place-order-and-check-status, its Buyer Email filled in, places an order and reads it back', async () => {
	const output = await runExample(withBuyerEmailFilledIn(placeOrderAndCheckStatus));

	const expected = EXAMPLE_OUTPUTS.placeOrderAndCheckStatus;
	expect(output('Place Order')).toEqual(expected['Place Order']);
	expect(output('Get Order Status')).toEqual(expected['Get Order Status']);
});

test('bulk-order-status reports known orders and flags the unknown one', async () => {
	for (const order of BULK_ORDERS) sandbox.addOrder(order.serviceId, order.email, order.status);

	const output = await runExample(bulkOrderStatus);

	expect(output('Get Many Statuses')).toEqual(EXAMPLE_OUTPUTS.bulkOrderStatus['Get Many Statuses']);
	expect(sandbox.requestsFor('status')).toHaveLength(1);
});

describe('the trigger examples', () => {
	test('order-status-changed: Fetch Test Event shows the watched orders', async () => {
		sandbox.addOrder(3, 'first@example.com', 'Completed');
		sandbox.addOrder(2, 'second@example.com', 'In progress');

		const output = await runExample(orderStatusChanged);

		expect(output('When an Order Status Changes')).toMatchObject([
			{ order: 23501, status: 'Completed', previousStatus: null },
			{ order: 23502, status: 'In progress', previousStatus: null },
		]);
	});

	test('order-status-changed: once active, it reports the order that completed', async () => {
		sandbox.addOrder(3, 'first@example.com', 'Completed');
		sandbox.addOrder(2, 'second@example.com', 'In progress');
		const active = new ActiveWorkflow(
			orderStatusChanged as object as WorkflowJson,
			{ tzsmmPayApi: { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl } },
			'When an Order Status Changes',
		);
		expect((await active.poll()).items).toBeUndefined();

		sandbox.state.orders.get(23502)!.status = 'Completed';

		expect((await active.poll()).items).toMatchObject([
			{ order: 23502, status: 'Completed', previousStatus: 'In progress' },
		]);
	});

	test('balance-below: Fetch Test Event shows the balance and the threshold', async () => {
		const output = await runExample(balanceBelow);

		expect(output('When the Balance Runs Low')).toEqual([
			{ balance: 25, currency: 'USD', threshold: 10 },
		]);
	});

	test('service-changed: Fetch Test Event lists the catalogue', async () => {
		const output = await runExample(serviceChanged);

		expect(output('When the Catalogue Changes').map((change) => change.name)).toEqual([
			'Monthly Silver',
			'Monthly Gold',
			'Yearly Gold',
			'Setup Assistance',
		]);
	});
});
