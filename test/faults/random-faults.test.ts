/**
 * Thousands of input items, with faults injected at random (from a fixed seed) into the requests
 * they cause, and Continue On Fail on: every item yields exactly one output item, paired to it,
 * holding its own result or the error its own request met. Nothing is lost, nothing is spent twice.
 */
import type { IDataObject } from 'n8n-workflow';

import { useTzsmmPayNode } from '../harness/node';
import create from '../order/fixtures/create.json';
import getStatus from '../order/fixtures/get-status.json';
import { FAULTS, finalMessage, type FaultName } from './fault-expectations';

const { sandbox, run } = useTzsmmPayNode();

const ITEMS = 1000;
const SEED = 20261126;
const FAULT_RATE = 0.3;
const TIMEOUT_SECONDS = 0.25;
const RETRIES = 3;

const indices = Array.from({ length: ITEMS }, (_, index) => index);

beforeEach(() => {
	sandbox.state.retryAfterSeconds = 0;
	sandbox.state.slowReplyMs = 400;
});

test('Create: one output per item, each its own new order or its own error; add sent again only after a 429', async () => {
	sandbox.state.balance = 100_000;
	const emails = indices.map((index) => `buyer${index}@example.com`);
	sandbox.injectFaults({ rate: FAULT_RATE, seed: SEED, actions: ['add'] });

	const result = await run(create, {
		input: emails.map((email) => ({ email })),
		continueOnFail: true,
		parameters: { options: { timeout: TIMEOUT_SECONDS, rateLimitWait: 0.01 } },
	});

	// Each item's adds, in item order: every one but the last met a 429 (nothing was ordered),
	// so no item ever sent a second add after one that may have ordered.
	const adds = sandbox.requestsFor('add');
	const addsOf = indices.map(() => [] as Array<FaultName | null>);
	let item = 0;
	for (const add of adds) {
		while (emails[item] !== add.query.link) item++;
		addsOf[item].push(add.fault as FaultName | null);
	}
	expect(addsOf.every((attempts) => attempts.length >= 1)).toBe(true);
	for (const attempts of addsOf) {
		for (const earlier of attempts.slice(0, -1)) expect(FAULTS[earlier!].httpCode).toBe('429');
	}
	expect(addsOf.filter((attempts) => attempts.length > 1).length).toBeGreaterThan(0);
	expect(adds.filter((request) => request.fault !== null).length).toBeGreaterThan(200);

	expect(result.json).toHaveLength(ITEMS);
	expect(result.pairedWith).toEqual(indices);
	result.json.forEach((json, index) => {
		const attempts = addsOf[index];
		const fault = attempts[attempts.length - 1];
		if (fault === null) {
			expect(json).toEqual({ order: expect.any(Number), service: 2, link: emails[index] });
			expect(sandbox.state.orders.get(json.order as number)?.link).toBe(emails[index]);
		} else {
			// Sending such a sale again may order it only when the panel surely did not.
			const { httpCode, outcomeUnknown } = FAULTS[fault];
			expect(json).toEqual({
				error: finalMessage(fault, 'add', {
					attempts: attempts.length,
					timeoutSeconds: TIMEOUT_SECONDS,
				}),
				details: { ...(httpCode && { httpCode }), retryLater: !outcomeUnknown },
			});
		}
	});

	// Where the panel placed an order but the item failed, the item's error says the order may
	// have been placed, so the user checks before ordering again.
	const itemByEmail = new Map(emails.map((email, index) => [email, index]));
	const placedButFailed = [...sandbox.state.orders.values()]
		.map((order) => result.json[itemByEmail.get(order.link)!])
		.filter((json) => json.error !== undefined);
	expect(placedButFailed.length).toBeGreaterThan(0);
	for (const json of placedButFailed) {
		expect(json.error).toMatch(
			/\. The order may have been placed: check your orders in TZSMM Pay before you try again$/,
		);
	}
});

test('Get Status: items pooled 100 IDs a request; each item gets its own order or its request’s error', async () => {
	const STATUS_ITEMS = 5000;
	const statuses = ['Pending', 'In progress', 'Completed', 'Canceled'];
	const placed = Array.from({ length: 3500 }, (_, index) =>
		sandbox.addOrder(2, `buyer${index}@example.com`, statuses[index % statuses.length]),
	);
	const statusOf = new Map(placed.map((id, index) => [id, statuses[index % statuses.length]]));
	// Some orders are asked for by several items, and every 50th item asks for an unknown one.
	const asked = Array.from({ length: STATUS_ITEMS }, (_, index) =>
		index % 50 === 49 ? 900_000 + index : placed[index % placed.length],
	);
	sandbox.injectFaults({ rate: FAULT_RATE, seed: SEED });

	const result = await run(getStatus, {
		input: asked.map((order) => ({ order })),
		continueOnFail: true,
		parameters: {
			options: { timeout: TIMEOUT_SECONDS, retries: RETRIES, retryWait: 1, rateLimitWait: 0.01 },
		},
	});

	expect(result.json).toHaveLength(STATUS_ITEMS);
	expect(result.pairedWith).toEqual(asked.map((_, index) => index));

	// Walk the mock's log: each request's attempts follow one another, and stop at the first
	// answer, at a fault that is not transient, or after 1 + RETRIES attempts.
	const log = sandbox.requestsFor('status');
	const outcomeOf = new Map<number, { fault: FaultName | null; attempts: number }>();
	const chunks: string[] = [];
	let next = 0;
	let retried = 0;
	while (next < log.length) {
		const orders = log[next].query.orders;
		let attempts = 0;
		let fault: FaultName | null;
		do {
			expect(log[next].query.orders).toBe(orders);
			fault = log[next++].fault as FaultName | null;
			attempts++;
		} while (fault !== null && FAULTS[fault].transient && attempts <= RETRIES);
		if (attempts > 1) retried++;
		chunks.push(orders);
		for (const id of orders.split(',')) outcomeOf.set(Number(id), { fault, attempts });
	}

	// Every distinct ID was asked for once, in the order first met, 100 to a request.
	const distinct = [...new Set(asked)];
	expect(chunks.map((orders) => orders.split(',').map(Number)).flat()).toEqual(distinct);
	expect(chunks).toHaveLength(Math.ceil(distinct.length / 100));
	expect(retried).toBeGreaterThan(0);

	let failedRequests = 0;
	result.json.forEach((json: IDataObject, index) => {
		const orderId = asked[index];
		const { fault, attempts } = outcomeOf.get(orderId)!;
		if (fault !== null) {
			failedRequests++;
			expect(json).toEqual({
				error: finalMessage(fault, 'status', { attempts, timeoutSeconds: TIMEOUT_SECONDS }),
			});
		} else if (!statusOf.has(orderId)) {
			expect(json).toEqual({ error: `Order ${orderId} was not found (Incorrect order ID)` });
		} else {
			expect(json).toMatchObject({ order: orderId, status: statusOf.get(orderId) });
		}
	});
	expect(failedRequests).toBeGreaterThan(0);
	expect(failedRequests).toBeLessThan(STATUS_ITEMS);
});
