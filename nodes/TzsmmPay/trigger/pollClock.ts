/**
 * The time one poll may take: n8n 2.41 gives each poll a budget (`getPollBudgetMs()`) and
 * abandons a poll that runs past it. A poll that asks TZSMM Pay many times sends its next request
 * only while the clock says that it will end in time, and leaves the rest to the next poll.
 */
import type { IPollFunctions } from 'n8n-workflow';

export class PollClock {
	private readonly startedAt = Date.now();

	private slowestRequestMs = 0;

	/** @param budgetMs the poll's budget; undefined: none, every request may go */
	constructor(private readonly budgetMs: number | undefined) {}

	/** The clock of this poll; without a budget from n8n (before 2.41), every request may go. */
	static of(context: IPollFunctions): PollClock {
		const budget = typeof context.getPollBudgetMs === 'function' ? context.getPollBudgetMs() : NaN;
		return new PollClock(Number.isFinite(budget) && budget > 0 ? budget : undefined);
	}

	/** Runs one request and remembers how long it took. */
	async time<T>(request: () => Promise<T>): Promise<T> {
		const started = Date.now();
		try {
			return await request();
		} finally {
			this.slowestRequestMs = Math.max(this.slowestRequestMs, Date.now() - started);
		}
	}

	/**
	 * Whether another request would most likely end within the budget: what is left must cover
	 * twice the slowest request so far, and a tenth of the budget stays in reserve for what the
	 * poll does after its requests.
	 */
	allowsAnotherRequest(): boolean {
		if (this.budgetMs === undefined) return true;
		const left = this.budgetMs - (Date.now() - this.startedAt);
		return left >= Math.max(2 * this.slowestRequestMs, this.budgetMs / 10);
	}
}
