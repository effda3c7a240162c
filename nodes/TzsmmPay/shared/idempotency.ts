/**
 * The Idempotency Key of Order → Create: at most one order per key and node, kept in n8n's
 * processed-data store (the one behind the Remove Duplicates node, in n8n's database), so that a
 * shop's repeated webhook, a retried execution or an overlapping schedule never pays twice.
 *
 * A key is claimed before `add` is sent and released again when the order was definitely not
 * placed; when the outcome is unknown it stays claimed until the user releases it.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { describeValue } from './values';

/** How many keys a node remembers unless its Idempotency Keys Kept option says otherwise. */
export const DEFAULT_KEYS_KEPT = 10_000;

/** Longer keys are almost always an expression that returns a whole object or page. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

const STORE_OPTIONS = { mode: 'entries' } as const;

/** The entry recorded beside a key once its order is known to be placed (no key holds a NUL). */
function placedEntry(key: string): string {
	return `${key}\u0000placed`;
}

/**
 * The key as text, undefined for an empty one (no guard), or the reason it is refused: only text
 * and numbers are keys, so an expression that returns an object or a list is a mistake.
 */
export function parseIdempotencyKey(
	value: unknown,
): { ok: true; key: string | undefined } | { ok: false; reason: string } {
	if (value === undefined || value === null) return { ok: true, key: undefined };
	if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, key: String(value) };
	if (typeof value !== 'string') {
		return { ok: false, reason: `${describeValue(value)} is not text or a number` };
	}
	const key = value.trim();
	if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
		return {
			ok: false,
			reason: `the key is ${key.length} characters long; at most ${MAX_IDEMPOTENCY_KEY_LENGTH} are accepted`,
		};
	}
	return { ok: true, key: key === '' ? undefined : key };
}

/**
 * n8n's store reads and then writes, without a lock: two executions that check the same key at
 * once would both find it new. Every check and release of one node therefore waits here for the
 * one before it, which makes them atomic within this n8n process (not across queue-mode workers).
 */
const storeQueues = new Map<string, Promise<unknown>>();

async function oneAtATime<T>(scope: string, task: () => Promise<T>): Promise<T> {
	const result = (storeQueues.get(scope) ?? Promise.resolve()).then(task);
	const done = result.catch(() => undefined);
	storeQueues.set(scope, done);
	try {
		return await result;
	} finally {
		if (storeQueues.get(scope) === done) storeQueues.delete(scope);
	}
}

/** The keys of the running node, in n8n's store under the node's scope. */
export class IdempotencyKeys {
	private readonly scope: string;

	constructor(private readonly context: IExecuteFunctions) {
		// The same scope n8n's store uses for 'node': the workflow and the node's ID.
		this.scope = `${String(context.getWorkflow().id)}:${context.getNode().id}`;
	}

	/**
	 * Records the key if it is new and says whether it was; false means an order was already placed
	 * (or may have been) under this key. The oldest keys beyond `keysKept` are forgotten.
	 */
	async claim(key: string, keysKept: number): Promise<boolean> {
		return await this.record(key, keysKept);
	}

	/** Records that the key's order is placed: TZSMM Pay answered with its ID. */
	async recordPlaced(key: string, keysKept: number): Promise<void> {
		await this.record(placedEntry(key), keysKept);
	}

	/** Whether the key's order was recorded as placed, rather than claimed with no outcome seen. */
	async wasPlaced(key: string): Promise<boolean> {
		return await oneAtATime(this.scope, async () => {
			const [recorded] = await this.recordWithoutPruning([placedEntry(key)]);
			if (!recorded) {
				await this.context.helpers.removeProcessed([placedEntry(key)], 'node', STORE_OPTIONS);
			}
			return recorded;
		});
	}

	/** Forgets the key, so that the next item with it orders again. Says whether it was held. */
	async release(key: string): Promise<boolean> {
		return await oneAtATime(this.scope, async () => {
			const [held] = await this.recordWithoutPruning([key]);
			await this.context.helpers.removeProcessed([key, placedEntry(key)], 'node', STORE_OPTIONS);
			return held;
		});
	}

	/**
	 * Records an entry if it is new and says whether it was. A key and its placed entry are two
	 * entries, so the store keeps twice Idempotency Keys Kept.
	 */
	private async record(entry: string, keysKept: number): Promise<boolean> {
		const { processed } = await oneAtATime(this.scope, async () =>
			this.context.helpers.checkProcessedAndRecord([entry], 'node', {
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
			'node',
			STORE_OPTIONS,
		);
		return entries.map((entry) => processed.includes(entry));
	}
}
