/**
 * The four actions of the reseller API as typed calls, each answer in the shape the transport has
 * already checked. Operations and trigger events call these; none of them sends a request itself.
 */
import type { IDataObject } from 'n8n-workflow';

import { tzsmmPayRequest } from './transport/request';

/** How long the next request with the node's credential would wait for its turn now, in ms. */
export { nextRequestDelayMs } from './transport/request';
import type { RequestSettings, TzsmmPayContext } from './transport/types';
import { isRecord } from '../../../common/values';

/** The panel's limit of order IDs in one multi-status request. */
export const MAX_IDS_PER_STATUS_REQUEST = 100;

export async function fetchServices(
	this: TzsmmPayContext,
	settings?: RequestSettings,
): Promise<IDataObject[]> {
	return (await tzsmmPayRequest.call(this, 'services', {}, settings)) as IDataObject[];
}

export async function fetchBalance(
	this: TzsmmPayContext,
	settings?: RequestSettings,
): Promise<IDataObject> {
	return (await tzsmmPayRequest.call(this, 'balance', {}, settings)) as IDataObject;
}

/**
 * The statuses of at most 100 orders in one multi-status request (statusPool.ts pools more).
 * The answer maps each ID to the API's record for it (`{ error }` for an ID the panel does not
 * know); IDs the panel left out of its answer are absent.
 */
export async function fetchOrderStatusChunk(
	this: TzsmmPayContext,
	orderIds: number[],
	settings?: RequestSettings,
): Promise<Map<number, IDataObject>> {
	if (orderIds.length === 0 || orderIds.length > MAX_IDS_PER_STATUS_REQUEST) {
		throw new RangeError(
			`A status request takes 1 to ${MAX_IDS_PER_STATUS_REQUEST} order IDs, not ${orderIds.length}`,
		);
	}
	const answer = (await tzsmmPayRequest.call(
		this,
		'status',
		{ orders: orderIds.join(',') },
		settings,
	)) as IDataObject;
	const statuses = new Map<number, IDataObject>();
	for (const id of orderIds) {
		const record = answer[String(id)];
		if (isRecord(record)) statuses.set(id, record);
	}
	return statuses;
}

export async function placeOrder(
	this: TzsmmPayContext,
	serviceId: number,
	link: string,
	settings?: RequestSettings,
): Promise<IDataObject> {
	return (await tzsmmPayRequest.call(
		this,
		'add',
		{ service: serviceId, link },
		settings,
	)) as IDataObject;
}
