/**
 * Pooling of order-status requests: the orders that all items of a run (or the trigger's list) ask
 * for are planned first, then fetched with as few multi-status requests as the panel allows.
 */
import type { IDataObject } from 'n8n-workflow';

import { fetchOrderStatusChunk, MAX_IDS_PER_STATUS_REQUEST } from './api';
import { apiFailure } from './transport/apiErrors';
import { FailureReporter, type Failure } from './transport/failure';
import type { RequestSettings, TzsmmPayContext } from './transport/types';

type ChunkAnswer = { ok: true; statuses: Map<number, IDataObject> } | { ok: false; error: unknown };

/** Up to 100 IDs that go out in one multi-status request; `answer` is set once it has been sent. */
interface Chunk {
	orderIds: number[];
	answer?: Promise<ChunkAnswer>;
}

/** The chunks of the items whose requests are made alike (same Timeout, Retries, Retry Wait,
 * Rate Limit Wait). */
interface Pool {
	chunkOf: Map<number, Chunk>;
	filling?: Chunk;
}

/**
 * The statuses of the orders of one run: each ID asked for once, in multi-status requests of up to
 * 100 IDs in the order they were planned.
 *
 * Every ID must be `plan`ned before any is asked for (the item runner's plan step does it for all
 * items); asking for an ID that was not planned is a programming error, so that pooling cannot
 * silently fall back to one request per item. A request goes out when the first item that needs
 * it asks, one request at a time (panels limit requests per key), so a run that stops at its first
 * failed item sends nothing after it. A failed request fails every item that needs it, and only
 * those.
 */
export class OrderStatusPool {
	private readonly pools = new Map<string, Pool>();

	constructor(private readonly context: TzsmmPayContext) {}

	/** Plans the requests for one item's IDs; plan every item before asking for any. */
	plan(orderIds: number[], settings: RequestSettings): void {
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
		const pool = this.poolFor(settings);
		const records = new Map<number, IDataObject>();
		let chunk: Chunk | undefined;
		let statuses = new Map<number, IDataObject>();
		for (const orderId of orderIds) {
			const planned = pool.chunkOf.get(orderId);
			if (planned === undefined) {
				throw new Error(`Order ${orderId} was asked for without being planned first`);
			}
			// An item's IDs mostly share a chunk: wait for an answer only when the chunk changes.
			if (planned !== chunk) {
				chunk = planned;
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

	private poolFor({
		timeoutSeconds,
		retries,
		retryWaitMs,
		rateLimitWaitMs,
	}: RequestSettings): Pool {
		const key = `${timeoutSeconds}/${retries}/${retryWaitMs}/${rateLimitWaitMs}`;
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

/**
 * The error for one order of a multi-status answer that the panel could not report: its `error`
 * for that ID, or nothing at all. It is the error a single-status request for the order raises.
 */
function orderStatusError(
	context: TzsmmPayContext,
	orderId: number,
	apiMessage: string | undefined,
	itemIndex?: number,
) {
	// No key to redact: the text is the panel's word for one order, as Get Many Statuses shows it.
	const reporter = new FailureReporter(context, 'status', { order: orderId }, '', itemIndex);
	const failure: Failure =
		apiMessage === undefined
			? { message: `TZSMM Pay did not report order ${orderId} in its answer` }
			: apiFailure(apiMessage, 404, reporter.orderLabel());
	return reporter.toError(failure, 1);
}
