/**
 * Pacing of the requests made with one credential in this n8n process, so that a panel's limit of
 * requests per minute is never exceeded: by every item, every execution and every poll at once.
 * Panels count requests per key in windows of a minute; a sliding log of the last sends keeps any
 * minute at or under the limit, whichever window the panel counts in. A 429 holds every request
 * of the credential until the wait it called for has passed, so that concurrent runs do not keep
 * knocking.
 */
import { sleep } from 'n8n-workflow';

/** A minute, and a second of margin for requests that reach the panel later than others. */
export const PACING_WINDOW_MS = 61_000;

interface Lane {
	/** When the most recent requests were let through, oldest first (at most the limit of them). */
	sentAt: number[];
	/** No request goes before this time (set after a 429). */
	heldUntil: number;
	/** The requests waiting for their turn, in order: each waits for the one before it. */
	queue: Promise<void>;
}

export class RequestPacer {
	private readonly lanes = new Map<string, Lane>();

	/**
	 * @param windowMs the span no more than the limit may go in: a minute and a second; a test of
	 * the node may shorten the process's pacer to a few seconds, so as not to wait out minutes
	 * @param now the time in ms; @param wait waits so long (a test's own clock and waits)
	 */
	constructor(
		public windowMs = PACING_WINDOW_MS,
		private readonly now: () => number = Date.now,
		private readonly wait: (ms: number) => Promise<void> = sleep,
	) {}

	/**
	 * Resolves when a request with the credential `key` may go, at most `perMinute` per window
	 * (0: no limit, only a hold after a 429), and counts it as sent.
	 */
	async takeTurn(key: string, perMinute: number): Promise<void> {
		const lane = this.laneOf(key);
		if (perMinute <= 0 && lane.heldUntil <= this.now()) return;
		const turn = lane.queue.then(async () => await this.waitForSlot(lane, perMinute));
		lane.queue = turn;
		await turn;
	}

	/** How long a request with `key` would wait now before it could go (for a poll's budget). */
	delayBeforeNext(key: string, perMinute: number): number {
		const lane = this.lanes.get(key);
		if (!lane) return 0;
		return Math.max(0, this.slotAt(lane, perMinute) - this.now());
	}

	/** Holds every request with `key` until `waitMs` from now (a 429 asked for it). */
	holdFor(key: string, waitMs: number): void {
		const lane = this.laneOf(key);
		lane.heldUntil = Math.max(lane.heldUntil, this.now() + waitMs);
	}

	private laneOf(key: string): Lane {
		let lane = this.lanes.get(key);
		if (!lane) {
			lane = { sentAt: [], heldUntil: 0, queue: Promise.resolve() };
			this.lanes.set(key, lane);
		}
		return lane;
	}

	/** The earliest time the next request may go. */
	private slotAt(lane: Lane, perMinute: number): number {
		const windowFreesAt =
			perMinute > 0 && lane.sentAt.length >= perMinute
				? lane.sentAt[lane.sentAt.length - perMinute] + this.windowMs
				: 0;
		return Math.max(lane.heldUntil, windowFreesAt);
	}

	private async waitForSlot(lane: Lane, perMinute: number): Promise<void> {
		// A hold can grow while this request waits (another request met a 429): look again.
		for (let waitMs = this.slotAt(lane, perMinute) - this.now(); waitMs > 0; ) {
			await this.wait(waitMs);
			waitMs = this.slotAt(lane, perMinute) - this.now();
		}
		if (perMinute > 0) {
			lane.sentAt.push(this.now());
			if (lane.sentAt.length > perMinute) lane.sentAt.splice(0, lane.sentAt.length - perMinute);
		}
	}
}

/** The one pacer of this process: module state, which n8n shares by all runs of the node. */
export const requestPacer = new RequestPacer();
