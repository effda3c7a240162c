import type { IDataObject } from 'n8n-workflow';

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

	test('an order the panel stops knowing is reported once, with its error; the rest are still watched', async () => {
		const [gone, kept] = placeOrders(2);
		const workflow = watch([gone, kept]);
		await workflow.poll();
		sandbox.state.orders.delete(gone);

		const first = await workflow.poll();
		setStatus(kept, 'Completed');
		const second = await workflow.poll();

		expect(first.error).toBeUndefined();
		expect(first.items).toEqual([
			{
				order: gone,
				status: null,
				error: 'Incorrect order ID',
				previousStatus: 'Pending',
				charge: null,
				start_count: null,
				remains: null,
				currency: null,
			},
		]);
		expect(second.error).toBeUndefined();
		expect(second.items).toEqual([
			expect.objectContaining({ order: kept, status: 'Completed', previousStatus: 'Pending' }),
		]);
		expect(workflow.nodeStaticData?.lastPoll).toEqual({
			event: 'orderStatusChanged',
			statuses: { [kept]: 'Completed' },
			unknown: { [gone]: 'Incorrect order ID' },
		});
	});

	test('an unknown ID added to a running trigger is reported once, then watched for a return', async () => {
		const [order] = placeOrders(1);
		const workflow = watch([order]);
		await workflow.poll();

		workflow.editTrigger({ orderIds: `${order}, 999` });
		const reported = await workflow.poll();
		const quiet = await workflow.poll();

		expect(reported.items).toEqual([
			expect.objectContaining({
				order: 999,
				status: null,
				error: 'Incorrect order ID',
				previousStatus: null,
			}),
		]);
		expect(quiet.error).toBeUndefined();
		expect(quiet.items).toBeUndefined();
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

describe('TZSMM Pay Trigger › Order Status Changed › within the poll budget', () => {
	/** 2,000 orders, 20 requests; each status request takes 100 ms. */
	function slowPanelWith(count: number) {
		const orders = placeOrders(count);
		sandbox.state.slowReplyMs = 100;
		sandbox.injectFaults({ kinds: ['slowReply'], actions: ['status'] });
		return orders;
	}

	test('a poll stops sending before its budget runs out; the next polls go on, losing and repeating nothing', async () => {
		const orders = slowPanelWith(2000);
		const workflow = watch(orders);
		workflow.pollBudgetMs = 1000;

		const requestsPerPoll: number[] = [];
		const checkedBy = async () => {
			const before = sandbox.requestsFor('status').length;
			const started = Date.now();
			const outcome = await workflow.poll();
			requestsPerPoll.push(sandbox.requestsFor('status').length - before);
			return { ...outcome, tookMs: Date.now() - started };
		};
		const polls = [await checkedBy()];
		// Until every order was seen once: an order is watched from the first poll that reaches it.
		const seen = () => {
			const lastPoll = workflow.nodeStaticData?.lastPoll as IDataObject | undefined;
			return Object.keys((lastPoll?.statuses as IDataObject | undefined) ?? {}).length;
		};
		while (seen() < orders.length && polls.length < 20) polls.push(await checkedBy());
		// One change among the first orders, one among the last.
		setStatus(orders[0], 'Completed');
		setStatus(orders[1999], 'Canceled');
		const emitted: IDataObject[] = [];
		for (let poll = 0; poll < 8; poll++) {
			const outcome = await checkedBy();
			polls.push(outcome);
			emitted.push(...(outcome.items ?? []));
		}

		expect(seen()).toBe(orders.length);
		expect(polls.map((poll) => poll.error)).toEqual(polls.map(() => undefined));
		// n8n abandons a poll that runs past its budget: none did.
		expect(Math.max(...polls.map((poll) => poll.tookMs))).toBeLessThan(1000);
		// Each poll sent some requests but not all 20.
		expect(Math.max(...requestsPerPoll)).toBeLessThan(20);
		expect(Math.min(...requestsPerPoll)).toBeGreaterThan(0);
		expect(emitted.map((item) => [item.order, item.status, item.previousStatus])).toEqual(
			expect.arrayContaining([
				[orders[0], 'Completed', 'Pending'],
				[orders[1999], 'Canceled', 'Pending'],
			]),
		);
		expect(emitted).toHaveLength(2);
		// Every request asked for at most 100 IDs, and every order was asked for.
		const asked = sandbox.requestsFor('status').map((request) => request.query.orders.split(','));
		expect(Math.max(...asked.map((ids) => ids.length))).toBeLessThanOrEqual(100);
		expect(new Set(asked.flat().map(Number))).toEqual(new Set(orders));
	});

	test('a poll whose second request fails emits nothing and keeps its place; the next reports the change', async () => {
		const orders = slowPanelWith(300);
		const workflow = watch(orders);
		workflow.pollBudgetMs = 10000;
		await workflow.poll();
		const baseline = structuredClone(workflow.storedStaticData);
		setStatus(orders[20], 'Completed');
		// The first request of the next poll is answered, the second is redirected (refused).
		sandbox.injectFaults({ kinds: ['redirect'], actions: ['status'], skip: 1, limit: 1 });

		const failed = await workflow.poll();
		const next = await workflow.poll();

		expect(failed.error).toBeDefined();
		expect(failed.items).toBeUndefined();
		expect(workflow.storedStaticData).not.toEqual(baseline);
		expect(next.items).toEqual([
			expect.objectContaining({
				order: orders[20],
				status: 'Completed',
				previousStatus: 'Pending',
			}),
		]);
	});

	test('without a budget from n8n, one poll checks every order, as before', async () => {
		const orders = slowPanelWith(2000);
		const workflow = watch(orders);

		await workflow.poll();

		expect(sandbox.requestsFor('status')).toHaveLength(20);
		expect(workflow.nodeStaticData?.lastPoll).not.toHaveProperty('resumeAt');
	});
});
