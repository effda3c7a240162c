/**
 * A thousand input items, with faults injected at random (from a fixed seed) into the requests they
 * cause, and Continue On Fail on: every item yields exactly one output item, paired to it, holding
 * its own result or the error its own request met. Nothing is lost, nothing is spent twice.
 */
import type { IDataObject } from 'n8n-workflow';

import { useSandbox } from '../harness/sandbox';
import create from '../order/fixtures/create.json';
import getStatus from '../order/fixtures/get-status.json';
import { FAULTS, finalMessage, type FaultName } from './fault-expectations';

const { server, run } = useSandbox();

const ITEMS = 1000;
const SEED = 20261126;
const FAULT_RATE = 0.3;
const TIMEOUT_SECONDS = 0.25;
const RETRIES = 3;

const indices = Array.from({ length: ITEMS }, (_, index) => index);

beforeEach(() => {
	server.state.retryAfterSeconds = 0;
	server.state.slowReplyMs = 400;
});

test('Create: one output per item, each its own new order or its own error; add sent once per item', async () => {
	server.state.balance = 100_000;
	const emails = indices.map((index) => `buyer${index}@example.com`);
	server.injectFaults({ rate: FAULT_RATE, seed: SEED });

	const result = await run(create, {
		input: emails.map((email) => ({ email })),
		continueOnFail: true,
		parameters: { options: { timeout: TIMEOUT_SECONDS } },
	});

	// Each item caused exactly one add, in item order: never a second one for any item.
	const adds = server.requestsFor('add');
	expect(adds.map((request) => request.query.link)).toEqual(emails);
	expect(adds.filter((request) => request.fault !== null).length).toBeGreaterThan(200);

	expect(result.json).toHaveLength(ITEMS);
	expect(result.pairedWith).toEqual(indices);
	result.json.forEach((json, index) => {
		const fault = adds[index].fault as FaultName | null;
		if (fault === null) {
			expect(json).toEqual({ order: expect.any(Number), service: 2, link: emails[index] });
			expect(server.state.orders.get(json.order as number)?.link).toBe(emails[index]);
		} else {
			expect(json).toEqual({
				error: finalMessage(fault, 'add', { attempts: 1, timeoutSeconds: TIMEOUT_SECONDS }),
			});
		}
	});

	// Where the panel placed an order but the item failed, the item's error says the order may
	// have been placed, so the user checks before ordering again.
	const itemByEmail = new Map(emails.map((email, index) => [email, index]));
	const placedButFailed = [...server.state.orders.values()]
		.map((order) => result.json[itemByEmail.get(order.link)!])
		.filter((json) => json.error !== undefined);
	expect(placedButFailed.length).toBeGreaterThan(0);
	for (const json of placedButFailed) {
		expect(json.error).toMatch(
			/\. The order may have been placed: check your orders in TZSMM Pay before you try again$/,
		);
	}
});

test('Get Status: one output per item, each its own order or its own error, retries bounded', async () => {
	const statuses = ['Pending', 'In progress', 'Completed', 'Canceled'];
	const orderIds = indices.map((index) =>
		server.addOrder(2, `buyer${index}@example.com`, statuses[index % statuses.length]),
	);
	server.injectFaults({ rate: FAULT_RATE, seed: SEED });

	const result = await run(getStatus, {
		input: orderIds.map((order) => ({ order })),
		continueOnFail: true,
		parameters: { options: { timeout: TIMEOUT_SECONDS, retries: RETRIES, retryWait: 1 } },
	});

	expect(result.json).toHaveLength(ITEMS);
	expect(result.pairedWith).toEqual(indices);

	// Walk the mock's log: each item's attempts follow one another, and stop at the first answer,
	// at a fault that is not transient, or after 1 + RETRIES attempts.
	const log = server.requestsFor('status');
	let next = 0;
	let retried = 0;
	result.json.forEach((json: IDataObject, index) => {
		let attempts = 0;
		let fault: FaultName | null;
		do {
			const request = log[next++];
			expect(request.query.order).toBe(String(orderIds[index]));
			fault = request.fault as FaultName | null;
			attempts++;
		} while (fault !== null && FAULTS[fault].transient && attempts <= RETRIES);
		if (attempts > 1) retried++;

		if (fault === null) {
			expect(json).toMatchObject({
				order: orderIds[index],
				status: statuses[index % statuses.length],
			});
		} else {
			expect(json).toEqual({
				error: finalMessage(fault, 'status', { attempts, timeoutSeconds: TIMEOUT_SECONDS }),
			});
		}
	});
	expect(next).toBe(log.length);
	expect(retried).toBeGreaterThan(50);
});
