/**
 * The Idempotency Key of Order → Create: at most one order per key, kept in n8n's processed-data
 * store (the one behind the Remove Duplicates node, in n8n's database), so that a shop's repeated
 * webhook, a retried execution or an overlapping schedule never pays twice.
 *
 * A key is claimed before `add` is sent and released again when the order was definitely not
 * placed; when the outcome is unknown it stays claimed until the user releases it.
 *
 * Where the keys live depends on the node's version:
 * - version 1: per node (store scope 'node'), released by Create's own Release Idempotency Key
 *   switch, which a user could leave on by mistake;
 * - version 1.1: per workflow (store scope 'workflow'), so that Order › Release Idempotency Key,
 *   a node of its own in another branch of the same workflow, reaches the keys Create claimed.
 *   Entries carry a prefix, because a Remove Duplicates node with the scope 'workflow' would
 *   write its own values into the same row.
 */
import type { DeduplicationScope, IExecuteFunctions, NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { invalidInput } from './parameters';
import { describeValue } from './values';
import { WORKFLOW_SCOPED_KEYS_VERSION } from './versions';

/** How many keys a node remembers unless its Idempotency Keys Kept option says otherwise. */
export const DEFAULT_KEYS_KEPT = 10_000;

/** Longer keys are almost always an expression that returns a whole object or page. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

const STORE_OPTIONS = { mode: 'entries' } as const;

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

/** An item's Idempotency Key (the field labelled so), checked: undefined when empty (no guard). */
export function readIdempotencyKey(
	context: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
): string | undefined {
	const parsed = parseIdempotencyKey(value);
	if (!parsed.ok) throw invalidInput(context, 'Idempotency Key', itemIndex, parsed.reason);
	return parsed.key;
}

/** An item's Idempotency Key where one is needed: as readIdempotencyKey, but an empty one is refused. */
export function readRequiredIdempotencyKey(
	context: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	whyNeeded: string,
): string {
	const key = readIdempotencyKey(context, value, itemIndex);
	if (key !== undefined) return key;
	throw invalidInput(context, 'Idempotency Key', itemIndex, `the key is empty, ${whyNeeded}`);
}

/** An item's Idempotency Key to release. */
export function readKeyToRelease(
	context: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
): string {
	return readRequiredIdempotencyKey(context, value, itemIndex, 'so there is nothing to release');
}

/**
 * n8n's store reads and then writes, without a lock: two executions that check the same key at
 * once would both find it new. Every check and release of one store row (a node's, or with version
 * 1.1 a workflow's) therefore waits here for the one before it, which makes them atomic within
 * this n8n process (not across queue-mode workers).
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

/** Whether the running node keeps its keys per workflow (version 1.1 on) rather than per node. */
export function keysArePerWorkflow(context: IExecuteFunctions): boolean {
	return context.getNode().typeVersion >= WORKFLOW_SCOPED_KEYS_VERSION;
}

/** Where the user releases a held key, in the words of the running node's version. */
export function whereToRelease(context: IExecuteFunctions): string {
	return keysArePerWorkflow(context)
		? 'a TZSMM Pay node with Order › Release Idempotency Key in this workflow'
		: 'Options › Release Idempotency Key';
}

/** The keys of the running node, in n8n's store under its version's scope. */
export class IdempotencyKeys {
	/** The store row, as oneAtATime names it: the workflow, or the workflow and the node. */
	private readonly queue: string;
	private readonly scope: DeduplicationScope;
	private readonly prefix: string;

	constructor(private readonly context: IExecuteFunctions) {
		const workflowId = String(context.getWorkflow().id);
		if (keysArePerWorkflow(context)) {
			this.scope = 'workflow';
			this.queue = workflowId;
			this.prefix = 'tzsmmpay-order-key:';
		} else {
			this.scope = 'node';
			this.queue = `${workflowId}:${context.getNode().id}`;
			this.prefix = '';
		}
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
			this.context.helpers.checkProcessedAndRecord([entry], this.scope, {
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
			this.scope,
			STORE_OPTIONS,
		);
		return entries.map((entry) => processed.includes(entry));
	}

	private async remove(entries: string[]): Promise<void> {
		await this.context.helpers.removeProcessed(entries, this.scope, STORE_OPTIONS);
	}

	/** The key as stored. */
	private entry(key: string): string {
		return `${this.prefix}${key}`;
	}

	/** The entry recorded beside a key once its order is known to be placed (no key holds a NUL). */
	private placedEntry(key: string): string {
		return `${this.prefix}${key}\u0000placed`;
	}
}
