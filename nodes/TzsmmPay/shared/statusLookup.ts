import type { IDataObject } from 'n8n-workflow';

import { fetchOrderStatusChunk, MAX_IDS_PER_STATUS_REQUEST } from './api';
import { orderStatusError, type RequestSettings, type TzsmmPayContext } from './transport';

type ChunkAnswer = { ok: true; statuses: Map<number, IDataObject> } | { ok: false; error: unknown };

/** Up to 100 IDs that go out in one multi-status request; `answer` is set once it has been sent. */
interface Chunk {
	orderIds: number[];
	answer?: Promise<ChunkAnswer>;
}

/** The chunks of the items whose requests are made alike (same Timeout, Retries, Retry Wait). */
interface Pool {
	chunkOf: Map<number, Chunk>;
	filling?: Chunk;
}

/**
 * The statuses of the orders that all items of one run ask for, with as few requests as the panel
 * allows: the items' IDs are pooled, each is asked for once, in multi-status requests of up to 100
 * IDs in the order they first appear.
 *
 * Every item's IDs are `include`d first; then each item asks for its statuses, in item order. A
 * request goes out when the first item that needs it asks, one request at a time (panels limit
 * requests per key), so a run that stops at its first failed item sends nothing after it. A failed
 * request fails every item that needs it, and only those.
 */
export class OrderStatusLookup {
	private readonly pools = new Map<string, Pool>();

	constructor(private readonly context: TzsmmPayContext) {}

	/** Plans the requests for one item's IDs; call it for every item before asking for any. */
	include(orderIds: number[], settings: RequestSettings): void {
		const pool = this.poolFor(settings);
		for (const orderId of orderIds) {
			if (pool.chunkOf.has(orderId)) continue;
			let chunk = pool.filling;
			if (!chunk || chunk.answer || chunk.orderIds.length === MAX_IDS_PER_STATUS_REQUEST) {
				chunk = pool.filling = { orderIds: [] };
			}
			chunk.orderIds.push(orderId);
			pool.chunkOf.set(orderId, chunk);
		}
	}

	/**
	 * The API's record for each of the IDs, `{ error }` for an ID the panel does not know and no
	 * entry for one it left out. Throws the error of a request the IDs needed that failed.
	 */
	async recordsOf(
		orderIds: number[],
		settings: RequestSettings,
	): Promise<Map<number, IDataObject>> {
		this.include(orderIds, settings);
		const pool = this.poolFor(settings);
		const records = new Map<number, IDataObject>();
		let chunk: Chunk | undefined;
		let statuses = new Map<number, IDataObject>();
		for (const orderId of orderIds) {
			// An item's IDs mostly share a chunk: wait for an answer only when the chunk changes.
			if (pool.chunkOf.get(orderId) !== chunk) {
				chunk = pool.chunkOf.get(orderId)!;
				const answer = await this.answerOf(chunk, settings);
				if (!answer.ok) throw answer.error;
				statuses = answer.statuses;
			}
			const record = statuses.get(orderId);
			if (record !== undefined) records.set(orderId, record);
		}
		return records;
	}

	/**
	 * The status of one order, or the error a single-status request for it would raise when the
	 * panel does not know it (or left it out of its answer).
	 */
	async statusOf(orderId: number, settings: RequestSettings): Promise<IDataObject> {
		const record = (await this.recordsOf([orderId], settings)).get(orderId);
		if (record === undefined) {
			throw orderStatusError(this.context, orderId, undefined, settings.itemIndex);
		}
		if (typeof record.error === 'string') {
			throw orderStatusError(this.context, orderId, record.error, settings.itemIndex);
		}
		return record;
	}

	private poolFor({ timeoutSeconds, retries, retryWaitMs }: RequestSettings): Pool {
		const key = `${timeoutSeconds}/${retries}/${retryWaitMs}`;
		let pool = this.pools.get(key);
		if (!pool) {
			pool = { chunkOf: new Map() };
			this.pools.set(key, pool);
		}
		return pool;
	}

	/** The chunk's answer, sent for the item that first needs it (its errors name that item). */
	private async answerOf(chunk: Chunk, settings: RequestSettings): Promise<ChunkAnswer> {
		chunk.answer ??= fetchOrderStatusChunk.call(this.context, chunk.orderIds, settings).then(
			(statuses): ChunkAnswer => ({ ok: true, statuses }),
			(error: unknown): ChunkAnswer => ({ ok: false, error }),
		);
		return await chunk.answer;
	}
}
