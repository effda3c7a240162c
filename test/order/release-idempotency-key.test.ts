/**
 * Order › Release Idempotency Key: Idempotency Keys are kept per workflow, and a held key is
 * released by a node of its own, in another branch of the same workflow, never by a switch left on
 * in a Create node.
 */
import type { IDataObject } from 'n8n-workflow';

import { processedData } from '../../engine';
import { useTzsmmPayNode, type RunOptions } from '../harness/node';
import workflow from './fixtures/release-idempotency-key.json';
import { skippedItem } from '../harness/expected-items';

const { sandbox, run } = useTzsmmPayNode();

const sale = (saleId: IDataObject[string], email = 'buyer@example.com'): IDataObject => ({
	saleId,
	email,
});

/** Create, its key from each item's `saleId`. */
const order = async (input: IDataObject[], options: RunOptions = {}) =>
	await run(workflow, { ...options, input });

/** The Release Key node of the same workflow, started from its own trigger. */
const release = async (input: IDataObject[], options: RunOptions = {}) =>
	await run(workflow, { ...options, input, node: 'Release Key', startNode: 'Release Start' });

const WHERE_TO_RELEASE =
	'release the key (a TZSMM Pay node with Order › Release Idempotency Key in this workflow)';

test('a held key, released from another branch of the workflow, lets the next sale order once', async () => {
	sandbox.queueFaultFor('add', 'gatewayTimeout');
	const failed = await order([sale('sale-1')]);
	const skipped = await order([sale('sale-1')]);

	const released = await release([sale('sale-1')]);
	const requestsAfterRelease = sandbox.state.requests.length;
	const reordered = await order([sale('sale-1')]);
	const repeated = await order([sale('sale-1')]);

	expect(failed.error.message).toContain(
		`stays held, so runs with it skip the order: if TZSMM Pay shows no such order, ${WHERE_TO_RELEASE} and run again`,
	);
	expect(skipped.json).toEqual([
		expect.objectContaining({ skipped: true, idempotencyKey: 'sale-1', outcomeUnknown: true }),
	]);
	expect(skipped.json[0].notice).toContain(WHERE_TO_RELEASE);
	expect(released.json).toEqual([{ idempotencyKey: 'sale-1', released: true }]);
	expect(released.pairedWith).toEqual([0]);
	expect(reordered.json).toEqual([{ order: 23501, service: 2, link: 'buyer@example.com' }]);
	expect(repeated.json).toEqual([skippedItem('sale-1')]);
	// The 504, then the one order after the release, which itself sent nothing.
	expect(sandbox.requestsFor('add')).toHaveLength(2);
	expect(sandbox.state.requests.slice(0, requestsAfterRelease).map((r) => r.action)).toEqual([
		'services',
		'add',
		'services',
	]);
});

test('a key that is not held: released: false, and nothing is recorded or sent', async () => {
	const released = await release([sale('sale-9')]);

	expect(released.json).toEqual([{ idempotencyKey: 'sale-9', released: false }]);
	expect(sandbox.state.requests).toEqual([]);
	expect(await order([sale('sale-9')])).toHaveProperty('json', [
		{ order: 23501, service: 2, link: 'buyer@example.com' },
	]);
});

test('releases each item’s key, paired to its item', async () => {
	await order([sale('sale-1'), sale('sale-2', 'two@example.com')]);

	const released = await release([sale('sale-2'), sale('sale-3'), sale(' sale-1 ')]);

	expect(released.json).toEqual([
		{ idempotencyKey: 'sale-2', released: true },
		{ idempotencyKey: 'sale-3', released: false },
		{ idempotencyKey: 'sale-1', released: true },
	]);
	expect(released.pairedWith).toEqual([0, 1, 2]);
});

describe('bad input is refused before anything is released, naming the field and the item', () => {
	test.each([
		['an empty key', '', 'the key is empty, so there is nothing to release'],
		['a missing key', undefined, 'the key is empty, so there is nothing to release'],
		['an object', { id: 1 }, 'an object is not text or a number'],
		['a key too long', 'k'.repeat(256), 'the key is 256 characters long; at most 255 are accepted'],
	])('%s', async (_case, key, problem) => {
		await order([sale('sale-1')]);

		const result = await release([sale('sale-1'), sale(key)]);

		expect(result.error.message).toBe(`Invalid Idempotency Key in item 1: ${problem}`);
		expect(result.error.context.itemIndex).toBe(1);
		// Item 0 was not released either: the next run of sale-1 is still skipped.
		expect((await order([sale('sale-1')])).json[0]).toMatchObject({ skipped: true });
	});

	test('with Continue On Fail, every item yields its result or its error, in place', async () => {
		await order([sale('sale-1')]);

		const result = await release([sale(''), sale('sale-1')], { continueOnFail: true });

		expect(result.json).toEqual([
			{
				error:
					'Invalid Idempotency Key in item 0: the key is empty, so there is nothing to release',
			},
			{ idempotencyKey: 'sale-1', released: true },
		]);
		expect(result.pairedWith).toEqual([0, 1]);
	});
});

describe('Create and its keys', () => {
	test('has no release switch: a stored releaseIdempotencyKey: true still orders, once', async () => {
		const leftOn = {
			parameters: {
				options: { idempotencyKey: '={{ $json.saleId }}', releaseIdempotencyKey: true },
			},
		};

		const first = await order([sale('sale-1')], leftOn);
		const second = await order([sale('sale-1')], leftOn);

		expect(first.json).toEqual([{ order: 23501, service: 2, link: 'buyer@example.com' }]);
		expect(second.json[0]).toMatchObject({ skipped: true, idempotencyKey: 'sale-1' });
		expect(sandbox.requestsFor('add')).toHaveLength(1);
	});

	test('keeps keys per workflow: a second Create node of the workflow skips the same sale', async () => {
		const twoCreates = structuredClone(workflow);
		const second = { ...structuredClone(twoCreates.nodes[1]), id: '5', name: 'Second Create' };
		twoCreates.nodes.push(second);
		twoCreates.connections['Release Start'].main[0][0].node = 'Second Create';

		await order([sale('sale-1')]);
		const fromSecond = await run(twoCreates, {
			input: [sale('sale-1')],
			node: 'Second Create',
			startNode: 'Release Start',
		});

		expect(fromSecond.json[0]).toMatchObject({ skipped: true, idempotencyKey: 'sale-1' });
		expect(sandbox.requestsFor('add')).toHaveLength(1);
		// One row for the workflow, not one per node.
		expect(processedData.rowCount).toBe(1);
	});
});
