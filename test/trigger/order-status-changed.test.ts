import { useTzsmmPayTrigger } from '../harness/trigger';
import trigger from './fixtures/trigger.json';

const { sandbox, activate, fetchTestEvent } = useTzsmmPayTrigger(trigger);

function placeOrders(count: number, status = 'Pending'): number[] {
	return Array.from({ length: count }, () => sandbox.addOrder(2, 'buyer@example.com', status));
}

function setStatus(orderId: number, status: string) {
	sandbox.state.orders.get(orderId)!.status = status;
}

function watch(orderIds: number[]) {
	return activate({ event: 'orderStatusChanged', orderIds: orderIds.join(', ') });
}

describe('TZSMM Pay Trigger › Order Status Changed', () => {
	test('the first poll records every status and emits nothing', async () => {
		const [first, second] = placeOrders(2);
		setStatus(second, 'In progress');
		const workflow = watch([first, second]);

		const { items, error } = await workflow.poll();

		expect(error).toBeUndefined();
		expect(items).toBeUndefined();
		expect(workflow.nodeStaticData).toEqual({
			lastPoll: {
				event: 'orderStatusChanged',
				statuses: { [first]: 'Pending', [second]: 'In progress' },
			},
		});
		expect(sandbox.requestsFor('status').map((request) => request.query)).toEqual([
			{ action: 'status', orders: `${first},${second}` },
		]);
	});

	test('emits one item per order whose status changed, in the order the IDs are given', async () => {
		const [first, second, third] = placeOrders(3);
		const workflow = watch([third, first, second]);
		await workflow.poll();
		setStatus(first, 'Completed');
		setStatus(third, 'Canceled');

		const { items, error } = await workflow.poll();

		expect(error).toBeUndefined();
		expect(items).toEqual([
			{
				order: third,
				status: 'Canceled',
				previousStatus: 'Pending',
				charge: 0.56,
				start_count: 0,
				remains: 1,
				currency: 'USD',
			},
			{
				order: first,
				status: 'Completed',
				previousStatus: 'Pending',
				charge: 0.56,
				start_count: 0,
				remains: 1,
				currency: 'USD',
			},
		]);
	});

	test('a change is emitted once; polls without a change emit nothing', async () => {
		const [order] = placeOrders(1);
		const workflow = watch([order]);
		await workflow.poll();

		expect((await workflow.poll()).items).toBeUndefined();
		setStatus(order, 'In progress');
		expect((await workflow.poll()).items).toMatchObject([
			{ order, status: 'In progress', previousStatus: 'Pending' },
		]);
		expect((await workflow.poll()).items).toBeUndefined();
		setStatus(order, 'Completed');
		expect((await workflow.poll()).items).toMatchObject([
			{ order, status: 'Completed', previousStatus: 'In progress' },
		]);
	});

	test('checks up to 100 orders per request, each order once', async () => {
		const orders = placeOrders(250);
		const workflow = activate({
			event: 'orderStatusChanged',
			// Given twice: the list is taken as it is in Get Many Statuses, without repeats.
			orderIds: [...orders, ...orders.slice(0, 10)].join('\n'),
		});
		await workflow.poll();
		sandbox.clearLog();
		setStatus(orders[119], 'Completed');
		setStatus(orders[230], 'Partial');

		const { items } = await workflow.poll();

		expect(items?.map((item) => item.order)).toEqual([orders[119], orders[230]]);
		expect(sandbox.requestsFor('status').map((request) => request.query.orders)).toEqual([
			orders.slice(0, 100).join(','),
			orders.slice(100, 200).join(','),
			orders.slice(200).join(','),
		]);
	});

	test('a failed poll keeps the last good statuses, so the next poll reports what changed', async () => {
		const orders = placeOrders(150);
		const workflow = watch(orders);
		await workflow.poll();
		const baseline = structuredClone(workflow.storedStaticData);
		// One change in each of the two requests; the second request fails.
		setStatus(orders[0], 'Completed');
		setStatus(orders[120], 'Completed');
		sandbox.injectFaults({ kinds: ['serverErrorPage'], actions: ['status'], skip: 1, limit: 1 });

		const failed = await workflow.poll();

		expect(failed.items).toBeUndefined();
		expect(failed.error?.message).toBe(
			'TZSMM Pay answered with an HTML page instead of JSON (HTTP 500)',
		);
		expect(workflow.storedStaticData).toEqual(baseline);

		const { items, error } = await workflow.poll();

		expect(error).toBeUndefined();
		expect(items).toMatchObject([
			{ order: orders[0], status: 'Completed', previousStatus: 'Pending' },
			{ order: orders[120], status: 'Completed', previousStatus: 'Pending' },
		]);
	});

	test('an order added to the list is recorded first and reported from its next change', async () => {
		const [first, second] = placeOrders(2);
		const workflow = watch([first]);
		await workflow.poll();
		setStatus(second, 'In progress');

		workflow.editTrigger({ orderIds: `${first}, ${second}` });
		expect((await workflow.poll()).items).toBeUndefined();

		setStatus(second, 'Completed');
		expect((await workflow.poll()).items).toMatchObject([
			{ order: second, status: 'Completed', previousStatus: 'In progress' },
		]);
	});

	test('an order removed from the list is forgotten', async () => {
		const [first, second] = placeOrders(2);
		const workflow = watch([first, second]);
		await workflow.poll();

		workflow.editTrigger({ orderIds: String(first) });
		await workflow.poll();

		expect(workflow.nodeStaticData?.lastPoll).toEqual({
			event: 'orderStatusChanged',
			statuses: { [first]: 'Pending' },
		});
	});

	test('an order the panel does not know fails the poll with the error of Get Status', async () => {
		const [order] = placeOrders(1);
		const workflow = watch([order]);
		await workflow.poll();
		const baseline = structuredClone(workflow.storedStaticData);

		workflow.editTrigger({ orderIds: `${order}, 999` });
		const { items, error } = await workflow.poll();

		expect(items).toBeUndefined();
		expect(error?.message).toBe('Order 999 was not found (Incorrect order ID)');
		expect(error?.httpCode).toBe('404');
		expect(workflow.storedStaticData).toEqual(baseline);
	});

	test('an unknown order on activation makes the activation fail, and nothing is recorded', async () => {
		const workflow = activate({ event: 'orderStatusChanged', orderIds: '999' });

		const { error } = await workflow.poll();

		expect(error?.message).toBe('Order 999 was not found (Incorrect order ID)');
		expect(workflow.storedStaticData).toEqual({});
	});

	test.each([
		['text that is not an ID', '12, abc', '"abc" is not an order ID (a positive whole number)'],
		['an empty field', '', 'no order ID was given'],
		['only separators', ' , ', 'no order ID was given'],
	])('refuses %s before any request, naming the field', async (_case, orderIds, problem) => {
		const workflow = activate({ event: 'orderStatusChanged', orderIds });

		const { error } = await workflow.poll();

		expect(error?.message).toBe(`Invalid Order IDs: ${problem}`);
		expect(error?.description).toBe(
			'Correct the "Order IDs" field, or the expression that fills it.',
		);
		expect(sandbox.state.requests).toHaveLength(0);
	});

	test('Fetch Test Event returns every watched order with its current status', async () => {
		const [first, second] = placeOrders(2);
		setStatus(second, 'Completed');

		const { items, error } = await fetchTestEvent({
			event: 'orderStatusChanged',
			orderIds: `${second}, ${first}`,
		});

		expect(error).toBeUndefined();
		expect(items).toEqual([
			{
				order: second,
				status: 'Completed',
				previousStatus: null,
				charge: 0.56,
				start_count: 0,
				remains: 1,
				currency: 'USD',
			},
			{
				order: first,
				status: 'Pending',
				previousStatus: null,
				charge: 0.56,
				start_count: 0,
				remains: 1,
				currency: 'USD',
			},
		]);
	});
});
