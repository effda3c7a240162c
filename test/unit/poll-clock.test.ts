/** PollClock: when a poll may send one more request within the budget n8n gave it. */
import { sleep } from 'n8n-workflow';

import { PollClock } from '../../nodes/TzsmmPay/trigger/pollClock';

describe('PollClock', () => {
	test('without a budget (n8n before 2.41), every request may go', async () => {
		const clock = new PollClock(undefined);
		await clock.time(async () => await sleep(50));

		expect(clock.allowsAnotherRequest()).toBe(true);
	});

	test('with time left for twice the slowest request so far, another may go', async () => {
		const clock = new PollClock(10000);
		await clock.time(async () => await sleep(50));

		expect(clock.allowsAnotherRequest()).toBe(true);
	});

	test('when what is left would not cover twice the slowest request, none may', async () => {
		const clock = new PollClock(500);
		await clock.time(async () => await sleep(200));

		// About 300 ms are left, and the next request may well take 200 ms or more.
		expect(clock.allowsAnotherRequest()).toBe(false);
	});

	test('a request that failed still counts for its time', async () => {
		const clock = new PollClock(500);
		await expect(
			clock.time(async () => {
				await sleep(200);
				throw new Error('refused');
			}),
		).rejects.toThrow('refused');

		expect(clock.allowsAnotherRequest()).toBe(false);
	});
});
