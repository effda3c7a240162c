import { useTzsmmPayTrigger } from '../harness/trigger';
import trigger from './fixtures/trigger.json';

const { sandbox, activate, fetchTestEvent } = useTzsmmPayTrigger(trigger);

function watchBalance(threshold: number | string) {
	return activate({ event: 'balanceBelow', threshold });
}

/** Sets the balance on the panel and polls once; returns the items the poll emitted. */
async function pollAt(workflow: ReturnType<typeof watchBalance>, balance: number) {
	sandbox.state.balance = balance;
	const { items, error } = await workflow.poll();
	expect(error).toBeUndefined();
	return items;
}

describe('TZSMM Pay Trigger › Balance Below Threshold', () => {
	test('the first poll records the balance and emits nothing, even below the threshold', async () => {
		const workflow = watchBalance(10);

		expect(await pollAt(workflow, 4)).toBeUndefined();
		expect(workflow.nodeStaticData).toEqual({
			lastPoll: { event: 'balanceBelow', threshold: 10, below: true },
		});
		expect(sandbox.requestsFor('balance')).toHaveLength(1);
	});

	test('fires once when the balance falls below, and again only after it was back up', async () => {
		const workflow = watchBalance(10);
		await pollAt(workflow, 25);

		expect(await pollAt(workflow, 8)).toEqual([{ balance: 8, currency: 'USD', threshold: 10 }]);
		expect(await pollAt(workflow, 5)).toBeUndefined();
		expect(await pollAt(workflow, 9.5)).toBeUndefined();
		expect(await pollAt(workflow, 12)).toBeUndefined();
		expect(await pollAt(workflow, 9)).toEqual([{ balance: 9, currency: 'USD', threshold: 10 }]);
	});

	test('a balance equal to the threshold is not below it', async () => {
		const workflow = watchBalance(10);
		await pollAt(workflow, 25);

		expect(await pollAt(workflow, 10)).toBeUndefined();
		expect(await pollAt(workflow, 9.99)).toEqual([
			{ balance: 9.99, currency: 'USD', threshold: 10 },
		]);
	});

	test('a new threshold starts afresh, like a first poll', async () => {
		const workflow = watchBalance(10);
		await pollAt(workflow, 15);

		workflow.editTrigger({ threshold: 20 });
		expect(await pollAt(workflow, 15)).toBeUndefined();
		expect(await pollAt(workflow, 25)).toBeUndefined();
		expect(await pollAt(workflow, 19)).toEqual([{ balance: 19, currency: 'USD', threshold: 20 }]);
	});

	test('a failed poll keeps the last good state, so the next poll fires', async () => {
		const workflow = watchBalance(10);
		await pollAt(workflow, 25);
		const baseline = structuredClone(workflow.storedStaticData);
		sandbox.state.balance = 8;
		sandbox.queueFault('wrongShape');

		const failed = await workflow.poll();

		expect(failed.items).toBeUndefined();
		expect(failed.error?.message).toBe(
			'TZSMM Pay answered action "balance" with JSON of an unexpected shape (expected an object with a numeric balance)',
		);
		expect(workflow.storedStaticData).toEqual(baseline);
		expect(await pollAt(workflow, 8)).toEqual([{ balance: 8, currency: 'USD', threshold: 10 }]);
	});

	test('refuses a threshold that is not a number before any request, naming the field', async () => {
		const workflow = watchBalance('={{ "ten" }}');

		const { error } = await workflow.poll();

		expect(error?.message).toBe('Invalid Threshold: "ten" is not a number');
		expect(sandbox.state.requests).toHaveLength(0);
	});

	test('takes a threshold from an expression', async () => {
		const workflow = watchBalance('={{ 5 * 2 }}');
		await pollAt(workflow, 25);

		expect(await pollAt(workflow, 7)).toEqual([{ balance: 7, currency: 'USD', threshold: 10 }]);
	});

	test('Fetch Test Event returns the current balance, above the threshold or not', async () => {
		const { items, error } = await fetchTestEvent({ event: 'balanceBelow', threshold: 10 });

		expect(error).toBeUndefined();
		expect(items).toEqual([{ balance: 25, currency: 'USD', threshold: 10 }]);
	});
});
