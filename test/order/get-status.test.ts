import { useTzsmmPayNode } from '../harness/node';
import getStatus from './fixtures/get-status.json';
import { completedStatus } from '../harness/expected-items';

const { sandbox, run } = useTzsmmPayNode();

function placeOrders(count: number, status = 'Completed'): number[] {
	return Array.from({ length: count }, () => sandbox.addOrder(2, 'buyer@example.com', status));
}

/** The IDs each status request carried, in the order sent. */
function sentChunks(): number[][] {
	return sandbox
		.requestsFor('status')
		.map((request) => request.query.orders.split(',').map(Number));
}

describe('Order › Get Status', () => {
	test('returns the order with its status, numbers as numbers', async () => {
		const orderId = sandbox.addOrder(2, 'buyer@example.com', 'Completed');

		const { json } = await run(getStatus, { input: [{ order: orderId }] });

		expect(json).toEqual([completedStatus(orderId)]);
		expect(sandbox.requestsFor('status').map((request) => request.query)).toEqual([
			{ action: 'status', orders: String(orderId) },
		]);
	});

	test('keeps values that are not numeric, such as "Unknown", as they are', async () => {
		const orderId = sandbox.addOrder(2, 'buyer@example.com');
		Object.assign(sandbox.state.orders.get(orderId)!, { charge: '3572', remains: 'Unknown' });

		const { json } = await run(getStatus, { input: [{ order: orderId }] });

		expect(json[0]).toMatchObject({ charge: 3572, remains: 'Unknown', status: 'Pending' });
	});

	test('with Raw Response returns the panel’s record for the order untouched', async () => {
		const orderId = sandbox.addOrder(2, 'buyer@example.com', 'Completed');

		const { json } = await run(getStatus, {
			parameters: { options: { rawResponse: true } },
			input: [{ order: orderId }],
		});

		expect(json).toEqual([
			{ charge: '0.56', start_count: 0, status: 'Completed', remains: 0, currency: 'USD' },
		]);
	});

	test('an unknown order is a 404 that names the order', async () => {
		const result = await run(getStatus, { input: [{ order: 999 }] });

		expect(result.error.name).toBe('NodeApiError');
		expect(result.error.httpCode).toBe('404');
		expect(result.error.message).toBe('Order 999 was not found (Incorrect order ID)');
		expect(result.error.context.itemIndex).toBe(0);
	});

	test('an order the panel left out of its answer is an error that names it', async () => {
		sandbox.queueFault({ status: 200, contentType: 'application/json', body: '{}' });

		const result = await run(getStatus, { input: [{ order: 5 }] });

		expect(result.error.name).toBe('NodeApiError');
		expect(result.error.message).toBe('TZSMM Pay did not report order 5 in its answer');
		expect(result.error.context.itemIndex).toBe(0);
	});

	test.each([
		['negative', -5],
		['zero', 0],
		['fractional', 12.5],
		['not numeric', 'abc'],
		['empty', ''],
	])('refuses an order ID that is %s before any request', async (_case, orderId) => {
		const result = await run(getStatus, { input: [{ order: orderId }] });

		expect(result.error.message).toMatch(/^Invalid Order ID in item 0: /);
		expect(sandbox.state.requests).toEqual([]);
	});

	test('with Continue On Fail, an unknown order fails only its own item', async () => {
		const known = sandbox.addOrder(2, 'buyer@example.com', 'Completed');

		const result = await run(getStatus, {
			continueOnFail: true,
			input: [{ order: known }, { order: 999 }, { order: known }],
		});

		expect(result.json).toEqual([
			expect.objectContaining({ order: known, status: 'Completed' }),
			{ error: 'Order 999 was not found (Incorrect order ID)' },
			expect.objectContaining({ order: known, status: 'Completed' }),
		]);
		expect(result.pairedWith).toEqual([0, 1, 2]);
	});
});

describe('Order › Get Status › the Order ID: text, nothing pre-filled', () => {
	test('an ID typed as text, with spaces around it, is the order', async () => {
		const orderId = sandbox.addOrder(2, 'buyer@example.com', 'Completed');

		const { json } = await run(getStatus, { parameters: { orderId: ` ${orderId} ` } });

		expect(json).toEqual([expect.objectContaining({ order: orderId, status: 'Completed' })]);
	});

	test('a node left as added, with no Order ID, does not run: n8n asks for the Order ID', async () => {
		const withoutOrderId = structuredClone(getStatus);
		delete (withoutOrderId.nodes[1].parameters as { orderId?: unknown }).orderId;

		await expect(run(withoutOrderId)).rejects.toThrow('Parameter "Order ID" is required.');
		expect(sandbox.state.requests).toEqual([]);
	});

	test('an expression that finds no Order ID is refused before any request', async () => {
		const result = await run(getStatus, { input: [{ other: 1 }] });

		expect(result.error.message).toBe('Invalid Order ID in item 0: the Order ID is missing');
		expect(sandbox.state.requests).toEqual([]);
	});
});

describe('Order › Get Status › across items', () => {
	test('asks for the orders of 250 items in 3 requests, 100 per request, in item order', async () => {
		const orderIds = placeOrders(250);

		const result = await run(getStatus, { input: orderIds.map((order) => ({ order })) });

		// Every item's ID is planned before the first request goes out; one request per item
		// (250) or per unplanned item would show here.
		expect(sandbox.requestsFor('status')).toHaveLength(3);
		expect(sentChunks()).toEqual([
			orderIds.slice(0, 100),
			orderIds.slice(100, 200),
			orderIds.slice(200),
		]);
		expect(result.json.map((json) => json.order)).toEqual(orderIds);
		expect(result.json.every((json) => json.status === 'Completed')).toBe(true);
		expect(result.pairedWith).toEqual(orderIds.map((_, index) => index));
	});

	test('asks for a repeated order once, and answers every item that asked', async () => {
		const [first, second, third] = placeOrders(3);
		const input = Array.from({ length: 300 }, (_, index) => ({
			order: [first, second, third][index % 3],
		}));

		const result = await run(getStatus, { input });

		expect(sentChunks()).toEqual([[first, second, third]]);
		expect(result.json.map((json) => json.order)).toEqual(input.map((item) => item.order));
		expect(result.pairedWith).toEqual(input.map((_, index) => index));
	});

	test('with Continue On Fail, an unknown order fails only its own item, as alone', async () => {
		const orderIds = placeOrders(150);
		const input = orderIds.map((order) => ({ order }));
		input[120] = { order: 999 };

		const result = await run(getStatus, { input, continueOnFail: true });

		expect(result.json).toHaveLength(150);
		expect(result.json[120]).toEqual({ error: 'Order 999 was not found (Incorrect order ID)' });
		expect(result.json.filter((json) => json.error !== undefined)).toHaveLength(1);
		expect(result.pairedWith).toEqual(input.map((_, index) => index));
		expect(sentChunks()).toHaveLength(2);
	});

	test('without Continue On Fail, an unknown order stops the run at its item; no later request', async () => {
		const input = placeOrders(250).map((order) => ({ order }));
		input[150] = { order: 999 };

		const result = await run(getStatus, { input });

		expect(result.error.name).toBe('NodeApiError');
		expect(result.error.httpCode).toBe('404');
		expect(result.error.message).toBe('Order 999 was not found (Incorrect order ID)');
		expect(result.error.context.itemIndex).toBe(150);
		// Items 0-99 and 100-199 were asked for; the third request is never sent.
		expect(sentChunks()).toHaveLength(2);
	});

	test('a failed request fails the items whose orders it carried, and only those', async () => {
		const orderIds = placeOrders(250);
		// The first request is answered; the next ones meet an HTML error page.
		sandbox.injectFaults({ kinds: ['serverErrorPage'], skip: 1, actions: ['status'] });

		const result = await run(getStatus, {
			input: orderIds.map((order) => ({ order })),
			continueOnFail: true,
		});

		expect(result.json.slice(0, 100).every((json) => json.status === 'Completed')).toBe(true);
		expect(result.json.slice(100)).toEqual(
			Array(150).fill({
				error: 'TZSMM Pay answered with an HTML page instead of JSON (HTTP 500)',
			}),
		);
		expect(result.pairedWith).toEqual(orderIds.map((_, index) => index));
		expect(sandbox.requestsFor('status')).toHaveLength(3);
	});

	test('without Continue On Fail, a failed request names the first item it carried', async () => {
		const orderIds = placeOrders(250);
		sandbox.injectFaults({ kinds: ['serverErrorPage'], skip: 1, actions: ['status'] });

		const result = await run(getStatus, { input: orderIds.map((order) => ({ order })) });

		expect(result.error.name).toBe('NodeApiError');
		expect(result.error.context.itemIndex).toBe(100);
		expect(sandbox.requestsFor('status')).toHaveLength(2);
	});

	test('a 429 on one request waits as Retry-After asks, sends that request again, and goes on', async () => {
		const orderIds = placeOrders(250);
		sandbox.state.retryAfterSeconds = 1;
		sandbox.injectFaults({ kinds: ['tooManyRequests'], skip: 1, limit: 1, actions: ['status'] });

		const result = await run(getStatus, {
			input: orderIds.map((order) => ({ order })),
			parameters: { options: { retries: 2, retryWait: 1 } },
		});

		expect(result.json.map((json) => json.order)).toEqual(orderIds);
		const requests = sandbox.requestsFor('status');
		expect(requests.map((request) => request.fault)).toEqual([null, 'tooManyRequests', null, null]);
		expect(requests[2].query.orders).toBe(requests[1].query.orders);
		expect(requests[2].at - requests[1].at).toBeGreaterThanOrEqual(1000);
	});

	test('items with different request options are not pooled into one request', async () => {
		const [first, second, third] = placeOrders(3);

		await run(getStatus, {
			parameters: { options: { timeout: '={{ $json.timeout }}' } },
			input: [
				{ order: first, timeout: 5 },
				{ order: second, timeout: 10 },
				{ order: third, timeout: 5 },
			],
		});

		expect(sentChunks()).toEqual([[first, third], [second]]);
	});
});
