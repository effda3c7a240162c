/**
 * The Idempotency Key of Order → Create: at most one order per key, kept in n8n's processed-data
 * store (the one behind the Remove Duplicates node, in n8n's database), so that a shop's repeated
 * webhook, a retried execution or an overlapping schedule never pays twice.
 *
 * A key is claimed before `add` is sent and released again when the order was definitely not
 * placed; when the outcome is unknown it stays claimed until the user releases it with
 * Order › Release Idempotency Key, a node of its own in the same workflow. Keys are therefore
 * kept per workflow (store scope 'workflow'), with a prefix, because a Remove Duplicates node with
 * that scope writes its own values into the same row.
 */
import type { IExecuteFunctions, NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Where the user releases a held key, as messages and items tell it. */
export const WHERE_TO_RELEASE =
	'a TZSMM Pay node with Order › Release Idempotency Key in this workflow';

const SCOPE = 'workflow';
const PREFIX = 'tzsmmpay-order-key:';
const STORE_OPTIONS = { mode: 'entries' } as const;

/**
 * n8n's store reads and then writes, without a lock: two executions that check the same key at
 * once would both find it new. Every check and release of a workflow's store row therefore waits
 * here for the one before it, which makes them atomic within this n8n process (not across
 * queue-mode workers).
 */
const storeQueues = new Map<string, Promise<unknown>>();

async function oneAtATime<T>(row: string, task: () => Promise<T>): Promise<T> {
	const result = (storeQueues.get(row) ?? Promise.resolve()).then(task);
	const done = result.catch(() => undefined);
	storeQueues.set(row, done);
	try {
		return await result;
	} finally {
		if (storeQueues.get(row) === done) storeQueues.delete(row);
	}
}

/**
 * The orders being placed right now in this n8n process, by store row and key: a repeat of the sale
 * that arrives meanwhile (ten deliveries at once) waits for the order instead of reporting an
 * outcome nobody knows yet.
 */
const ordersInFlight = new Map<string, Promise<unknown>>();

/**
 * Where an error's context names the key n8n's database failed to record while it was claimed,
 * before any order was sent: nothing was ordered and nothing recorded, so the same sale may order
 * later. In queue mode two workers that claim a workflow's first keys at once both insert its store
 * row, and one insert fails.
 */
const UNCLAIMED_KEY = 'idempotencyKeyNotClaimed';

/** The key whose claim failed in n8n's database (nothing was sent), if that is the error. */
export function keyOfFailedClaim(error: NodeOperationError | NodeApiError): string | undefined {
	const key = error.context[UNCLAIMED_KEY];
	return typeof key === 'string' ? key : undefined;
}

/** The keys of the running node's workflow, in n8n's store. */
export class IdempotencyKeys {
	/** The store row, as oneAtATime names it: the workflow's. */
	private readonly queue: string;

	constructor(private readonly context: IExecuteFunctions) {
		this.queue = String(context.getWorkflow().id);
	}

	/**
	 * Records the key if it is new and says whether it was; false means an order was already placed
	 * (or may have been) under this key. The oldest keys beyond `keysKept` are forgotten.
	 */
	async claim(key: string, keysKept: number): Promise<boolean> {
		try {
			return await this.record(this.entry(key), keysKept);
		} catch (error) {
			const failure = new NodeOperationError(
				this.context.getNode(),
				`n8n could not record the Idempotency Key "${key}" in its database, so nothing was ordered: ${error instanceof Error ? error.message : String(error)}`,
				{ description: 'Run the item again: the sale orders once n8n can record its key.' },
			);
			failure.context[UNCLAIMED_KEY] = key;
			throw failure;
		}
	}

	/**
	 * Places the key's order with `placeOrder`, known meanwhile to repeats of the sale in this
	 * process (see waitForOrderInFlight).
	 */
	async whilePlacing<T>(key: string, placeOrder: () => Promise<T>): Promise<T> {
		const id = this.inFlightId(key);
		const placing = placeOrder();
		const settled = placing.catch(() => undefined);
		ordersInFlight.set(id, settled);
		try {
			return await placing;
		} finally {
			if (ordersInFlight.get(id) === settled) ordersInFlight.delete(id);
		}
	}

	/**
	 * Waits until an order this process is placing under the key has its outcome, and says whether
	 * there was one: its key is then placed, released or held, and the repeat can decide again. An
	 * order in flight in another process (a queue-mode worker) is not seen here.
	 */
	async waitForOrderInFlight(key: string): Promise<boolean> {
		const placing = ordersInFlight.get(this.inFlightId(key));
		if (placing === undefined) return false;
		await placing;
		return true;
	}

	private inFlightId(key: string): string {
		return `${this.queue}\u0000${key}`;
	}

	/** Records that the key's order is placed: TZSMM Pay answered with its ID. */
	async recordPlaced(key: string, keysKept: number): Promise<void> {
		await this.record(this.placedEntry(key), keysKept);
	}

	/** Whether the key's order was recorded as placed, rather than claimed with no outcome seen. */
	async wasPlaced(key: string): Promise<boolean> {
		const placed = this.placedEntry(key);
		return await oneAtATime(this.queue, async () => {
			const [recorded] = await this.recordWithoutPruning([placed]);
			if (!recorded) await this.remove([placed]);
			return recorded;
		});
	}

	/** Forgets the key, as an item says it: the key, and whether it was held. */
	async releaseAsItem(key: string): Promise<{ idempotencyKey: string; released: boolean }> {
		return { idempotencyKey: key, released: await this.release(key) };
	}

	/** Forgets the key, so that the next item with it orders again. Says whether it was held. */
	async release(key: string): Promise<boolean> {
		return await oneAtATime(this.queue, async () => {
			const [held] = await this.recordWithoutPruning([this.entry(key)]);
			await this.remove([this.entry(key), this.placedEntry(key)]);
			return held;
		});
	}

	/**
	 * Records an entry if it is new and says whether it was. A key and its placed entry are two
	 * entries, so the store keeps twice Idempotency Keys Kept.
	 */
	private async record(entry: string, keysKept: number): Promise<boolean> {
		const { processed } = await oneAtATime(this.queue, async () =>
			this.context.helpers.checkProcessedAndRecord([entry], SCOPE, {
				...STORE_OPTIONS,
				maxEntries: keysKept * 2,
			}),
		);
		return processed.length === 0;
	}

	/**
	 * Whether each entry was already in the store. The store cannot be asked without recording,
	 * so the entries are recorded, with no entry pruned for them (no maxEntries); the caller
	 * removes what it did not mean to keep.
	 */
	private async recordWithoutPruning(entries: string[]): Promise<boolean[]> {
		const { processed } = await this.context.helpers.checkProcessedAndRecord(
			entries,
			SCOPE,
			STORE_OPTIONS,
		);
		return entries.map((entry) => processed.includes(entry));
	}

	private async remove(entries: string[]): Promise<void> {
		await this.context.helpers.removeProcessed(entries, SCOPE, STORE_OPTIONS);
	}

	/** The key as stored. */
	private entry(key: string): string {
		return `${PREFIX}${key}`;
	}

	/** The entry recorded beside a key once its order is known to be placed (no key holds a NUL). */
	private placedEntry(key: string): string {
		return `${PREFIX}${key}\u0000placed`;
	}
}
