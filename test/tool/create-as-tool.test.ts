/**
 * TZSMM Pay Tool run as n8n's AI Agent runs it: one input item holding the model's arguments (here
 * through `$json`, where the real tool reads them with `$fromAI`). Create as a tool orders at most
 * once per Idempotency Key, refuses to order without one, and its errors are sentences a model can
 * act on; Release Idempotency Key is not a model's to call. The agent itself, with a scripted model,
 * runs in test/e2e/09-agents.e2e.js.
 */
import type { IDataObject } from 'n8n-workflow';

import { useTzsmmPayNode } from '../harness/node';
import tool from './fixtures/tool.json';
import { completedStatus, skippedItem } from '../harness/expected-items';

const { sandbox, run } = useTzsmmPayNode();

/** One call of the tool by the model: its arguments, and the ID n8n gives the call. */
const call = (args: IDataObject, callId = 'call_1'): IDataObject => ({
	...args,
	toolCallId: callId,
});

const ORDER = { email: 'buyer@example.com', idempotencyKey: 'ticket-4711' };

describe('TZSMM Pay Tool › Create', () => {
	test('the same call twice, in one run or the next, places one order; the repeat says why', async () => {
		const first = await run(tool, { input: [call(ORDER, 'call_1'), call(ORDER, 'call_2')] });
		const next = await run(tool, { input: [call(ORDER, 'call_3')] });

		const repeat = skippedItem('ticket-4711');
		expect(first.json).toEqual([{ order: 23501, service: 2, link: 'buyer@example.com' }, repeat]);
		expect(next.json).toEqual([repeat]);
		expect(sandbox.requestsFor('add')).toHaveLength(1);
	});

	test('a call without a key orders nothing, and the error says what to give', async () => {
		const result = await run(tool, {
			input: [call({ email: 'buyer@example.com' })],
			continueOnFail: true,
		});

		expect(result.json).toEqual([
			{
				error:
					'Invalid Idempotency Key in item 0: the key is empty, but TZSMM Pay Tool orders only under a key: the ID of the sale, support ticket or conversation the order is for, so that a repeated call cannot order twice',
				details: { retryLater: false },
			},
		]);
		expect(sandbox.state.requests).toHaveLength(0);
	});

	test('a key the model gives as a number is a key like its text', async () => {
		await run(tool, { input: [call({ ...ORDER, idempotencyKey: 4711 })] });
		const again = await run(tool, { input: [call({ ...ORDER, idempotencyKey: '4711' })] });

		expect(again.json[0]).toMatchObject({ skipped: true, idempotencyKey: '4711' });
		expect(sandbox.requestsFor('add')).toHaveLength(1);
	});

	test('a refused order leaves the key free: the call after a top-up orders', async () => {
		sandbox.state.balance = 0.1;
		const refused = await run(tool, { input: [call(ORDER)], continueOnFail: true });
		sandbox.state.balance = 25;
		const afterTopUp = await run(tool, { input: [call(ORDER)] });

		expect(refused.json[0].error).toBe(
			"Your TZSMM Pay balance is too low for this order (You don't have sufficient balance)",
		);
		expect(afterTopUp.json).toEqual([{ order: 23501, service: 2, link: 'buyer@example.com' }]);
	});

	test('a bad e-mail from the model is refused before anything is sent, naming the field', async () => {
		const result = await run(tool, {
			input: [call({ ...ORDER, email: 'buyer at example.com' })],
			continueOnFail: true,
		});

		expect(result.json[0].error).toBe(
			'Invalid Buyer Email in item 0: "buyer at example.com" is not an e-mail address',
		);
		expect(sandbox.state.requests).toHaveLength(0);
	});
});

describe('TZSMM Pay Tool › read-only operations', () => {
	test('Get Status answers for the order the model names', async () => {
		const orderId = sandbox.addOrder(2, 'buyer@example.com', 'Completed');

		const result = await run(tool, {
			parameters: { operation: 'get', orderId: '={{ $json.orderId }}' },
			input: [call({ orderId })],
		});

		expect(result.json).toEqual([completedStatus(orderId)]);
	});

	test('an order the panel does not know is an error that says so', async () => {
		const result = await run(tool, {
			parameters: { operation: 'get', orderId: '={{ $json.orderId }}' },
			input: [call({ orderId: 999 })],
			continueOnFail: true,
		});

		expect(result.json[0].error).toBe('Order 999 was not found (Incorrect order ID)');
	});

	test('Release Idempotency Key is refused before anything is sent', async () => {
		const result = await run(tool, {
			parameters: { operation: 'releaseIdempotencyKey', idempotencyKey: 'ticket-4711' },
			input: [call({})],
		});

		expect(result.error.message).toBe(
			'The operation "releaseIdempotencyKey" of resource "order" is not available to an AI model',
		);
		expect(sandbox.state.requests).toHaveLength(0);
	});
});
