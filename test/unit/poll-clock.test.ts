/** PollClock: when a poll may send one more request within the budget n8n gave it. */
import { PollClock } from '../../nodes/TzsmmPay/trigger/pollClock';

/** A clock the test moves, and a request that takes `ms` of it (and fails, if told to). */
function fakeTime() {
	let nowMs = 1_000_000;
	const now = () => nowMs;
	const request = (ms: number, failure?: Error) => async () => {
		nowMs += ms;
		if (failure) throw failure;
	};
	return { now, request };
}

describe('PollClock', () => {
	test('without a budget (n8n 1), every request may go', async () => {
		const time = fakeTime();
		const clock = new PollClock(undefined, time.now);
		await clock.time(time.request(50_000));

		expect(clock.allowsAnotherRequest()).toBe(true);
	});

	test('with time left for twice the slowest request so far, another may go', async () => {
		const time = fakeTime();
		const clock = new PollClock(10_000, time.now);
		await clock.time(time.request(50));

		expect(clock.allowsAnotherRequest()).toBe(true);
	});

	test('when what is left would not cover twice the slowest request, none may', async () => {
		const time = fakeTime();
		const clock = new PollClock(500, time.now);
		await clock.time(time.request(200));

		// 300 ms are left, and the next request may well take 200 ms or more.
		expect(clock.allowsAnotherRequest()).toBe(false);
	});

	test('a wait for a turn counts against what is left', async () => {
		const time = fakeTime();
		const clock = new PollClock(10_000, time.now);
		await clock.time(time.request(100));

		expect(clock.allowsAnotherRequest(8_000)).toBe(true);
		expect(clock.allowsAnotherRequest(9_000)).toBe(false);
	});

	test('a request that failed still counts for its time', async () => {
		const time = fakeTime();
		const clock = new PollClock(500, time.now);
		await expect(clock.time(time.request(200, new Error('refused')))).rejects.toThrow('refused');

		expect(clock.allowsAnotherRequest()).toBe(false);
	});
});
