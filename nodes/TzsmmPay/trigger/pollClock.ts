/**
 * The time one poll may take: n8n 2 (2.41.1 here; 1.123.81 has none) gives each poll a budget
 * (`getPollBudgetMs()`) and abandons a poll that runs past it. A poll that asks TZSMM Pay many
 * times sends its next request only while the clock says that it will end in time, its wait for a
 * turn under the credential's Requests per Minute included, and leaves the rest to the next poll;
 * a wait after a 429 never runs past the budget either.
 */
import type { IPollFunctions } from 'n8n-workflow';

import type { RequestSettings } from '../shared/transport/types';

export class PollClock {
	private readonly startedAt: number;

	private slowestRequestMs = 0;

	/**
	 * @param budgetMs the poll's budget; undefined: none, every request may go
	 * @param now the time in ms (a test's own clock)
	 */
	constructor(
		private readonly budgetMs: number | undefined,
		private readonly now: () => number = Date.now,
	) {
		this.startedAt = now();
	}

	/** The clock of this poll; without a budget from n8n (n8n 1), every request may go. */
	static of(context: IPollFunctions): PollClock {
		const budget = typeof context.getPollBudgetMs === 'function' ? context.getPollBudgetMs() : NaN;
		return new PollClock(Number.isFinite(budget) && budget > 0 ? budget : undefined);
	}

	/** Runs one request and remembers how long it took. */
	async time<T>(request: () => Promise<T>): Promise<T> {
		const started = this.now();
		try {
			return await request();
		} finally {
			this.slowestRequestMs = Math.max(this.slowestRequestMs, this.now() - started);
		}
	}

	/**
	 * Whether another request, sent after `waitMs` (its turn under Requests per Minute), would
	 * most likely end within the budget: what is left must cover the wait, twice the slowest
	 * request so far, and a tenth of the budget in reserve for what the poll does after its requests.
	 */
	allowsAnotherRequest(waitMs = 0): boolean {
		if (this.budgetMs === undefined) return true;
		return this.leftMs() >= waitMs + Math.max(2 * this.slowestRequestMs, this.reserveMs());
	}

	/** How the poll's next request is made: a wait after a 429 ends before the budget does. */
	requestSettings(): RequestSettings {
		if (this.budgetMs === undefined) return {};
		return { rateLimitWaitMs: Math.max(0, this.leftMs() - this.reserveMs()) };
	}

	private leftMs(): number {
		return (this.budgetMs ?? Infinity) - (this.now() - this.startedAt);
	}

	private reserveMs(): number {
		return (this.budgetMs ?? 0) / 10;
	}
}
