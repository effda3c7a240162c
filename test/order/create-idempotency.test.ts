/**
 * Order › Create with an Idempotency Key: at most one order per key and workflow, kept in n8n's
 * processed-data store (here n8n-core's DataDeduplicationService over the in-memory store of
 * engine/processed-data.js). Repeated sales are skipped, not failed; a key is released when
 * the order was definitely not placed and held when it may have been.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { FAULT_NAMES } from '../../sandbox/server';
import { processedData } from '../../engine';
import { useTzsmmPayNode, type RunOptions } from '../harness/node';
import { FAULTS, type FaultName } from '../faults/fault-expectations';
import create from './fixtures/create.json';
import { skippedItem } from '../harness/expected-items';

const { sandbox, run } = useTzsmmPayNode();

const BY_SALE_ID: INodeParameters = { options: { idempotencyKey: '={{ $json.saleId }}' } };

/** Runs Create with the Idempotency Key taken from each item's `saleId`. */
async function order(input: IDataObject[], options: RunOptions = {}) {
	const parameters = options.parameters ?? {};
	const ownOptions = (parameters.options ?? {}) as IDataObject;
	return await run(create, {
		...options,
		input,
		parameters: {
			...parameters,
			options: { ...(BY_SALE_ID.options as IDataObject), ...ownOptions } as INodeParameters,
		},
	});
}

const sale = (saleId: string | number | undefined, email = 'buyer@example.com'): IDataObject => ({
	saleId,
	email,
});

describe('Order › Create › Idempotency Key', () => {
	test('a sale ordered before is skipped on the next run: one order, one charge', async () => {
		const first = await order([sale('sale-1')]);
		const second = await order([sale('sale-1')]);

		expect(first.json).toEqual([{ order: 23501, service: 2, link: 'buyer@example.com' }]);
		expect(second.json).toEqual([skippedItem('sale-1')]);
		expect(second.pairedWith).toEqual([0]);
		expect(sandbox.requestsFor('add')).toHaveLength(1);
		expect(sandbox.state.balance).toBe(24.44);
	});

	test('an item whose key an earlier item of the same run used is skipped', async () => {
		const result = await order([sale('sale-1'), sale('sale-1'), sale('sale-2', 'two@example.com')]);

		expect(result.json).toEqual([
			{ order: 23501, service: 2, link: 'buyer@example.com' },
			skippedItem('sale-1'),
			{ order: 23502, service: 2, link: 'two@example.com' },
		]);
		expect(result.pairedWith).toEqual([0, 1, 2]);
		expect(sandbox.requestsFor('add')).toHaveLength(2);
	});

	test('a number and the same digits as text are one key; spaces around a key do not count', async () => {
		await order([sale(1001)]);
		const again = await order([sale('1001'), sale(' 1001 ')]);

		expect(again.json.map((item) => [item.skipped, item.idempotencyKey])).toEqual([
			[true, '1001'],
			[true, '1001'],
		]);
		expect(sandbox.requestsFor('add')).toHaveLength(1);
	});

	test('an empty key means no guard: every run orders', async () => {
		await order([sale('')]);
		await order([sale(undefined)]);

		expect(sandbox.requestsFor('add')).toHaveLength(2);
		expect(processedData.rowCount).toBe(0);
	});

	test('ten executions at once with the same key place exactly one order', async () => {
		// Their catalogue checks are answered together: all ten then check the key at once.
		sandbox.holdRepliesUntil('services', 10);
		const runs = await Promise.all(Array.from({ length: 10 }, () => order([sale('sale-1')])));

		const outputs = runs.map((result) => result.json[0]);
		expect(outputs.filter((item) => item.order !== undefined)).toHaveLength(1);
		// The nine waited for the order in flight, so they know it was placed: no "outcome unknown".
		expect(outputs.filter((item) => item.skipped === true)).toEqual(
			Array(9).fill(skippedItem('sale-1')),
		);
		expect(sandbox.requestsFor('add')).toHaveLength(1);
	});

	test('a repeat that came while the order was in flight orders itself once that order is refused', async () => {
		sandbox.queueFaultFor('add', {
			status: 402,
			body: JSON.stringify({ error: "You don't have sufficient balance" }),
			contentType: 'application/json',
		});
		sandbox.holdRepliesUntil('services', 2);

		const [first, second] = await Promise.all([order([sale('sale-1')]), order([sale('sale-1')])]);

		const outcomes = [first, second].map((result) =>
			result.result.error ? result.error.message : result.json[0],
		);
		expect(outcomes).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/^Your TZSMM Pay balance is too low/),
				{ order: 23501, service: 2, link: 'buyer@example.com' },
			]),
		);
		expect(sandbox.requestsFor('add')).toHaveLength(2);
	});

	test('with Raw Response, a skipped item is still the skipped item (there is no answer)', async () => {
		await order([sale('sale-1')]);
		const again = await order([sale('sale-1')], { parameters: { options: { rawResponse: true } } });

		expect(again.json).toEqual([skippedItem('sale-1')]);
	});

	test('Idempotency Keys Kept: the oldest keys beyond it are forgotten and can order again', async () => {
		const keepTwo = { parameters: { options: { idempotencyKeysKept: 2 } } };
		await order([sale('sale-1'), sale('sale-2'), sale('sale-3')], keepTwo);

		const again = await order([sale('sale-3'), sale('sale-1')], keepTwo);

		expect(again.json).toEqual([
			skippedItem('sale-3'),
			{ order: 23504, service: 2, link: 'buyer@example.com' },
		]);
	});
});

describe('Order › Create › Idempotency Key › released when no order was placed', () => {
	/** Fails the first run of sale-1 as `breakIt` arranges, then runs it again as it is. */
	async function failThenRetry(breakIt: () => RunOptions | void, repair = () => {}) {
		const failed = await order([sale('sale-1')], breakIt() ?? {});
		repair();
		const retried = await order([sale('sale-1')]);
		return { failed, retried };
	}

	test.each([
		[
			'402: the balance is too low',
			() => {
				sandbox.state.balance = 0.1;
			},
			() => {
				sandbox.state.balance = 25;
			},
			/^Your TZSMM Pay balance is too low for this order/,
		],
		[
			'401: the panel rejects the key',
			() => {
				sandbox.queueFaultFor('add', {
					status: 401,
					body: JSON.stringify({ error: 'Invalid API key' }),
					contentType: 'application/json',
				});
			},
			() => {},
			/^TZSMM Pay rejected the API key/,
		],
		[
			'404: the panel answers "Invalid order ID"',
			() => {
				sandbox.queueFaultFor('add', {
					status: 404,
					body: JSON.stringify({ error: 'Invalid order ID' }),
					contentType: 'application/json',
				});
			},
			() => {},
			/was not found \(Invalid order ID\)/,
		],
		[
			'400: the panel calls the request incorrect',
			() => {
				sandbox.queueFaultFor('add', {
					status: 400,
					body: JSON.stringify({ error: 'Incorrect request' }),
					contentType: 'application/json',
				});
			},
			() => {},
			/^TZSMM Pay refused the request as incorrect/,
		],
		[
			'the connection is refused (nothing reaches the panel)',
			() => ({ credentials: { baseUrl: 'http://127.0.0.1:9/api/smmpanel/v1' } }),
			() => {},
			/^TZSMM Pay refused the connection/,
		],
	])('%s', async (_case, breakIt, repair, message) => {
		const { failed, retried } = await failThenRetry(breakIt, repair);

		expect(failed.error.message).toMatch(message);
		expect(failed.error.message).not.toContain('Idempotency Key');
		expect(retried.json).toEqual([
			{ order: expect.any(Number), service: 2, link: 'buyer@example.com' },
		]);
	});

	test('the input was refused: nothing was recorded, so the corrected sale orders', async () => {
		const failed = await order([sale('sale-1', 'not-an-email')]);
		const corrected = await order([sale('sale-1')]);

		expect(failed.error.message).toMatch(/^Invalid Buyer Email in item 0/);
		expect(corrected.json).toEqual([{ order: 23501, service: 2, link: 'buyer@example.com' }]);
	});

	test('the service check failed: nothing was recorded, so the sale orders once it passes', async () => {
		const failed = await order([sale('sale-1')], { parameters: { serviceId: 99 } });
		const corrected = await order([sale('sale-1')]);

		expect(failed.error.message).toMatch(/offers no service with the ID 99/);
		expect(corrected.json).toEqual([{ order: 23501, service: 2, link: 'buyer@example.com' }]);
	});

	test('a run that stops at a failing item releases that item; the retry orders only it', async () => {
		sandbox.state.balance = 0.6; // enough for one Monthly Silver (0.56)
		const failed = await order([sale('sale-1'), sale('sale-2', 'two@example.com')]);
		sandbox.state.balance = 25;
		const retried = await order([sale('sale-1'), sale('sale-2', 'two@example.com')]);

		expect(failed.error.message).toMatch(/balance is too low/);
		expect(failed.error.context.itemIndex).toBe(1);
		expect(retried.json).toEqual([
			skippedItem('sale-1'),
			{ order: 23502, service: 2, link: 'two@example.com' },
		]);
		expect(sandbox.requestsFor('add')).toHaveLength(3);
	});

	test('with Continue On Fail: the order, the skipped repeat and the refusal, each in place', async () => {
		sandbox.queueFaultFor('add', 'tooManyRequestsWithoutRetryAfter');
		// A Rate Limit Wait of 0 lets the 429 through instead of waiting to send the order again.
		const result = await order(
			[sale('sale-2', 'two@example.com'), sale('sale-1'), sale('sale-1')],
			{ continueOnFail: true, parameters: { options: { rateLimitWait: 0 } } },
		);

		expect(result.json).toEqual([
			{
				error: expect.stringMatching(/^TZSMM Pay is limiting requests/),
				details: {
					idempotencyKey: 'sale-2',
					idempotencyKeyHeld: false,
					httpCode: '429',
					retryLater: true,
				},
			},
			{ order: 23501, service: 2, link: 'buyer@example.com' },
			skippedItem('sale-1'),
		]);
		expect(result.pairedWith).toEqual([0, 1, 2]);

		const retried = await order([sale('sale-2', 'two@example.com')]);
		expect(retried.json).toEqual([{ order: 23502, service: 2, link: 'two@example.com' }]);
	});

	test('during an outage (every connection refused) nothing is claimed; once the panel is back the sale orders', async () => {
		await sandbox.goDown();
		const during = await order([sale('sale-3')], {
			continueOnFail: true,
			parameters: { options: { retries: 0 } },
		});
		await sandbox.comeBack();
		const after = await order([sale('sale-3')]);

		expect(during.json).toEqual([
			{
				error: expect.stringMatching(/^TZSMM Pay refused the connection/),
				details: { retryLater: true },
			},
		]);
		expect(after.json).toEqual([{ order: 23501, service: 2, link: 'buyer@example.com' }]);
		expect(sandbox.requestsFor('add')).toHaveLength(1);
	});
});

describe('Order › Create › Idempotency Key › every fault: held when the order may exist', () => {
	test.each(FAULT_NAMES.map((fault) => [fault, FAULTS[fault].outcomeUnknown] as const))(
		'%s (order may exist: %s)',
		async (fault, outcomeUnknown) => {
			sandbox.state.slowReplyMs = 1500;
			sandbox.queueFaultFor('add', fault as FaultName);
			// A Rate Limit Wait of 0: a 429 fails the order instead of sending it again.
			const timeout = { parameters: { options: { timeout: 1, rateLimitWait: 0 } } };

			const failed = await order([sale('sale-1')], timeout);
			const retried = await order([sale('sale-1')], timeout);

			if (outcomeUnknown) {
				expect(failed.error.message).toMatch(
					/The order may have been placed: check your orders in TZSMM Pay before you try again\. Its Idempotency Key "sale-1" stays held, so runs with it skip the order: if TZSMM Pay shows no such order, release the key \(a TZSMM Pay node with Order › Release Idempotency Key in this workflow\) and run again$/,
				);
				// Skipped, and told that nobody saw the order placed: the buyer's orders need a look.
				expect(retried.json).toEqual([
					{
						skipped: true,
						idempotencyKey: 'sale-1',
						service: 2,
						link: 'buyer@example.com',
						outcomeUnknown: true,
						notice: expect.stringMatching(
							/^No execution reported an order placed under this key: .* Check your orders in TZSMM Pay for buyer@example\.com; if there is none, release the key \(a TZSMM Pay node with Order › Release Idempotency Key in this workflow\) and run again\.$/,
						),
					},
				]);
				expect(sandbox.requestsFor('add')).toHaveLength(1);
			} else {
				expect(failed.error.message).not.toContain('Idempotency Key');
				expect(retried.json).toEqual([
					{ order: expect.any(Number), service: 2, link: 'buyer@example.com' },
				]);
				expect(sandbox.requestsFor('add')).toHaveLength(2);
			}
		},
	);
});

test('with Continue On Fail, the details of the error item say whether the key is held and whether the sale may order later, for an IF to branch on', async () => {
	sandbox.queueFaultFor('add', 'gatewayTimeout');
	sandbox.queueFaultFor('add', {
		status: 402,
		body: JSON.stringify({ error: "You don't have sufficient balance" }),
		contentType: 'application/json',
	});

	const result = await order([sale('sale-1'), sale('sale-2')], { continueOnFail: true });

	expect(result.json).toEqual([
		{
			error: expect.stringContaining('stays held'),
			details: {
				idempotencyKey: 'sale-1',
				idempotencyKeyHeld: true,
				httpCode: '504',
				retryLater: false,
			},
		},
		{
			error: expect.stringContaining('balance'),
			details: {
				idempotencyKey: 'sale-2',
				idempotencyKeyHeld: false,
				httpCode: '402',
				retryLater: true,
			},
		},
	]);
	expect(result.pairedWith).toEqual([0, 1]);
});

test('with Continue (using error output), a refused order goes to the error output with the details of its key', async () => {
	sandbox.state.balance = 0.6;

	const result = await order([sale('sale-1'), sale('sale-2', 'two@example.com')], {
		continueOnErrorOutput: true,
	});

	expect(result.json).toEqual([{ order: 23501, service: 2, link: 'buyer@example.com' }]);
	expect(result.errorOutputJson).toEqual([
		{
			saleId: 'sale-2',
			email: 'two@example.com',
			error: expect.stringContaining('balance is too low'),
			details: {
				idempotencyKey: 'sale-2',
				idempotencyKeyHeld: false,
				httpCode: '402',
				retryLater: true,
			},
		},
	]);
});

test("a key n8n's database could not record (two queue-mode workers inserting the store's first row at once) orders nothing and may order later", async () => {
	processedData.anotherProcessWritesNextRow('tzsmmpay-order-key:another-sale');

	const failed = await order([sale('sale-1')], { continueOnErrorOutput: true });
	const retried = await order([sale('sale-1')]);

	expect(failed.json).toEqual([]);
	expect(failed.errorOutputJson).toEqual([
		{
			saleId: 'sale-1',
			email: 'buyer@example.com',
			error:
				'n8n could not record the Idempotency Key "sale-1" in its database, so nothing was ordered: duplicate key value violates unique constraint "PK_ca04b9d8dc72de268fe07a65773"',
			details: { idempotencyKey: 'sale-1', idempotencyKeyHeld: false, retryLater: true },
		},
	]);
	expect(retried.json).toEqual([{ order: 23501, service: 2, link: 'buyer@example.com' }]);
	expect(sandbox.requestsFor('add')).toHaveLength(1);
});
test('an error text the API does not document, from a 500, leaves the outcome open: held', async () => {
	sandbox.queueFaultFor('add', {
		status: 500,
		body: JSON.stringify({ error: 'Database is locked' }),
		contentType: 'application/json',
	});

	const failed = await order([sale('sale-1')]);
	const retried = await order([sale('sale-1')]);

	expect(failed.error.message).toMatch(
		/^TZSMM Pay refused the request \(Database is locked\)\. The order may have been placed: .* stays held/,
	);
	expect(retried.json[0]).toMatchObject({ skipped: true, idempotencyKey: 'sale-1' });
});
