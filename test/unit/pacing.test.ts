/**
 * The pacer behind the credential's Requests per Minute, on a clock of its own: no minute in which
 * more requests go than the limit, in the order they asked, and a hold after a 429 for everyone.
 */
import { PACING_WINDOW_MS, RequestPacer } from '../../nodes/TzsmmPay/shared/transport/pacing';

/** A pacer whose clock moves only when it waits, and the times its requests went. */
function pacerOnAClock(windowMs = PACING_WINDOW_MS) {
	let now = 1_000_000;
	const waits: number[] = [];
	const pacer = new RequestPacer(
		windowMs,
		() => now,
		async (ms) => {
			waits.push(ms);
			now += ms;
		},
	);
	const sent: number[] = [];
	const send = async (key: string, perMinute: number) => {
		await pacer.takeTurn(key, perMinute);
		sent.push(now);
	};
	return { pacer, send, sent, waits, clock: () => now };
}

/** The most requests sent within any span of `windowMs`. */
function busiestWindow(times: number[], windowMs: number): number {
	return Math.max(
		...times.map((start) => times.filter((t) => t >= start && t < start + windowMs).length),
	);
}

test('lets the first requests of a minute go at once, up to the limit', async () => {
	const { send, waits } = pacerOnAClock();

	await Promise.all([1, 2, 3].map(() => send('credential', 3)));

	expect(waits).toEqual([]);
});

test('never lets more requests than the limit go within a minute', async () => {
	const { send, sent } = pacerOnAClock();

	await Promise.all(Array.from({ length: 25 }, () => send('credential', 10)));

	expect(sent).toHaveLength(25);
	expect(busiestWindow(sent, 60_000)).toBe(10);
	// 10 at once, 10 a window later, 5 a window after that: no slower than the limit needs.
	expect(sent[24] - sent[0]).toBe(2 * PACING_WINDOW_MS);
});

test('paces each credential on its own', async () => {
	const { send, waits } = pacerOnAClock();

	await Promise.all([send('a', 1), send('b', 1), send('c', 1)]);

	expect(waits).toEqual([]);
});

test('without a limit, sends at once until a 429 holds every request of the credential', async () => {
	const { pacer, send, sent, waits, clock } = pacerOnAClock();
	await send('credential', 0);
	const heldAt = clock();

	pacer.holdFor('credential', 60_000);
	expect(pacer.delayBeforeNext('other', 0)).toBe(0);
	await Promise.all([send('credential', 0), send('credential', 0)]);

	expect(waits).toEqual([60_000]);
	expect(sent.slice(1)).toEqual([heldAt + 60_000, heldAt + 60_000]);
});

test('tells how long the next request would wait, without taking a turn', async () => {
	const { pacer, send } = pacerOnAClock();
	expect(pacer.delayBeforeNext('credential', 2)).toBe(0);
	await send('credential', 2);
	await send('credential', 2);

	expect(pacer.delayBeforeNext('credential', 2)).toBe(PACING_WINDOW_MS);
	expect(pacer.delayBeforeNext('credential', 2)).toBe(PACING_WINDOW_MS);
	expect(pacer.delayBeforeNext('credential', 0)).toBe(0);
});
