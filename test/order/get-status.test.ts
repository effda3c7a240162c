import { useSandbox } from '../harness/sandbox';
import getStatus from './fixtures/get-status.json';

const { server, run } = useSandbox();

describe('Order › Get Status', () => {
	test('returns the order with its status, numbers as numbers', async () => {
		const orderId = server.addOrder(2, 'buyer@example.com', 'Completed');

		const { json } = await run(getStatus, { input: [{ order: orderId }] });

		expect(json).toEqual([
			{
				order: orderId,
				charge: 0.56,
				start_count: 0,
				status: 'Completed',
				remains: 0,
				currency: 'USD',
			},
		]);
		expect(server.requestsFor('status').map((request) => request.query)).toEqual([
			{ action: 'status', order: String(orderId) },
		]);
	});

	test('keeps values that are not numeric, such as "Unknown", as they are', async () => {
		const orderId = server.addOrder(2, 'buyer@example.com');
		Object.assign(server.state.orders.get(orderId)!, { charge: '3572', remains: 'Unknown' });

		const { json } = await run(getStatus, { input: [{ order: orderId }] });

		expect(json[0]).toMatchObject({ charge: 3572, remains: 'Unknown', status: 'Pending' });
	});

	test('with Raw Response returns the API answer untouched', async () => {
		const orderId = server.addOrder(2, 'buyer@example.com', 'Completed');

		const { json } = await run(getStatus, {
			parameters: { options: { rawResponse: true } },
			input: [{ order: orderId }],
		});

		expect(json).toEqual([
			{ charge: '0.56', start_count: 0, status: 'Completed', remains: 0, currency: 'USD' },
		]);
	});

	test.each(['http', 'body'] as const)(
		'an unknown order is a 404 that names the order (errors as %s)',
		async (errorStyle) => {
			server.state.errorStyle = errorStyle;

			const result = await run(getStatus, { input: [{ order: 999 }] });

			expect(result.error.httpCode).toBe('404');
			expect(result.error.message).toBe('Order 999 was not found (Invalid order ID)');
			expect(result.error.context.itemIndex).toBe(0);
		},
	);

	test.each([
		['negative', -5],
		['zero', 0],
		['fractional', 12.5],
		['not numeric', 'abc'],
		['empty', ''],
	])('refuses an order ID that is %s before any request', async (_case, orderId) => {
		const result = await run(getStatus, { input: [{ order: orderId }] });

		expect(result.error.message).toMatch(/^Invalid Order ID in item 0: /);
		expect(server.state.requests).toEqual([]);
	});

	test('with Continue On Fail, an unknown order fails only its own item', async () => {
		const known = server.addOrder(2, 'buyer@example.com', 'Completed');

		const result = await run(getStatus, {
			continueOnFail: true,
			input: [{ order: known }, { order: 999 }, { order: known }],
		});

		expect(result.json).toEqual([
			expect.objectContaining({ order: known, status: 'Completed' }),
			{ error: 'Order 999 was not found (Invalid order ID)' },
			expect.objectContaining({ order: known, status: 'Completed' }),
		]);
		expect(result.pairedWith).toEqual([0, 1, 2]);
	});
});
