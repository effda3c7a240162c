/**
 * Create's once-per-key ordering: an order is placed only when its Idempotency Key is new, and the
 * key is then recorded as placed, released (the order was definitely not placed) or held (it may
 * have been). The keys themselves live in n8n's store (shared/idempotency.ts).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { placeOrder } from '../../shared/api';
import { IdempotencyKeys, keyOfFailedClaim, WHERE_TO_RELEASE } from '../../shared/idempotency';
import { addErrorItemDetails } from '../../shared/itemRunner';
import { normalizeRecord } from '../../shared/normalize';
import type { OperationOptions } from '../../shared/options';
import { orderMayHaveBeenPlaced } from '../../shared/transport/failure';

/** One item's order, read and checked. */
export interface NewOrder extends OperationOptions {
	serviceId: number;
	link: string;
	/** Orders at most once per key, when there is one. */
	idempotencyKey?: string;
	keysKept: number;
}

async function place(this: IExecuteFunctions, order: NewOrder): Promise<IDataObject> {
	// Sent once and never retried: every `add` spends balance.
	const answer = await placeOrder.call(this, order.serviceId, order.link, order.request);
	if (order.raw) return answer;
	return { order: normalizeRecord(answer).order, service: order.serviceId, link: order.link };
}

/**
 * Places the order unless its Idempotency Key was used before. The key is claimed first and
 * released when the order was definitely not placed; when it may have been, the key stays held.
 */
export async function placeOnce(
	this: IExecuteFunctions,
	keys: IdempotencyKeys,
	order: NewOrder,
): Promise<IDataObject> {
	const key = order.idempotencyKey;
	if (key === undefined) return await place.call(this, order);
	if (!(await keys.claim(key, order.keysKept))) {
		// A repeat that came while this process orders the sale decides once that order is settled:
		// skipped if it was placed or may have been, ordered if it was refused and its key released.
		if (await keys.waitForOrderInFlight(key)) return await placeOnce.call(this, keys, order);
		return await skipped(keys, key, order);
	}
	return await keys.whilePlacing(key, async () => {
		let placed: IDataObject;
		try {
			placed = await place.call(this, order);
		} catch (error) {
			throw await settleKeyAfterFailure.call(this, keys, key, error);
		}
		try {
			await keys.recordPlaced(key, order.keysKept);
		} catch (error) {
			// The order exists and its key is held; only the note for later repeats is missing.
			this.logger.warn(
				`TZSMM Pay order placed, but not recorded as placed: ${(error as Error).message}`,
			);
		}
		return placed;
	});
}

/**
 * The item for a sale whose key was used before. When no execution recorded the order as placed,
 * it says so: an order under the key may still be in flight, or an execution stopped while it was
 * ordering (a crash, a killed queue-mode worker), and only TZSMM Pay knows whether it exists.
 */
async function skipped(keys: IdempotencyKeys, key: string, order: NewOrder): Promise<IDataObject> {
	const item: IDataObject = {
		skipped: true,
		idempotencyKey: key,
		service: order.serviceId,
		link: order.link,
	};
	if (await keys.wasPlaced(key)) {
		return { ...item, notice: 'Not ordered again: an order was placed under this key before.' };
	}
	return {
		...item,
		outcomeUnknown: true,
		notice: `No execution reported an order placed under this key: one may still be running, or one stopped while ordering (a timeout, a crash, a stopped worker). Check your orders in TZSMM Pay for ${order.link}; if there is none, release the key (${WHERE_TO_RELEASE}) and run again.`,
	};
}

/** Releases the key of a failed order that was not placed; otherwise says in the error that it is held. */
async function settleKeyAfterFailure(
	this: IExecuteFunctions,
	keys: IdempotencyKeys,
	key: string,
	error: unknown,
): Promise<NodeApiError | NodeOperationError> {
	const nodeError =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(this.getNode(), error as Error);
	if (!orderMayHaveBeenPlaced(nodeError)) {
		await keys.release(key);
		addErrorItemDetails(nodeError, { idempotencyKey: key, idempotencyKeyHeld: false });
		return nodeError;
	}
	addErrorItemDetails(nodeError, { idempotencyKey: key, idempotencyKeyHeld: true });
	nodeError.message += `. Its Idempotency Key "${key}" stays held, so runs with it skip the order: if TZSMM Pay shows no such order, release the key (${WHERE_TO_RELEASE}) and run again`;
	return nodeError;
}

/** HTTP codes of refusals that stay refusals however often the sale is sent again. */
const FINAL_REFUSALS = new Set(['400', '404']);

/**
 * What a workflow branches on when Create fails (Continue On Fail): the panel's HTTP code, and
 * whether the same sale may order if it is delivered again later (the panel was busy, limited
 * requests, unreachable, or refused for a cause the reseller can cure: the key or the balance), or
 * n8n's database failed before anything was sent. Never when the order may exist, nor for bad
 * input or an unknown service, which stay refused.
 */
export function failureDetails(error: NodeApiError | NodeOperationError): IDataObject {
	const unclaimedKey = keyOfFailedClaim(error);
	if (unclaimedKey !== undefined) {
		return { idempotencyKey: unclaimedKey, idempotencyKeyHeld: false, retryLater: true };
	}
	if (!(error instanceof NodeApiError)) return { retryLater: false };
	const httpCode = error.httpCode ?? undefined;
	const retryLater =
		!orderMayHaveBeenPlaced(error) && !(httpCode !== undefined && FINAL_REFUSALS.has(httpCode));
	return httpCode === undefined ? { retryLater } : { httpCode, retryLater };
}
