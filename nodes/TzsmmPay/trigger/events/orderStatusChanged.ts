/** Event Order Status Changed: one of the watched orders has a status other than last poll's. */
import type { IDataObject, INodeProperties, IPollFunctions } from 'n8n-workflow';

import { normalizeRecord } from '../../shared/normalize';
import { orderIdListProperty, readOrderIdList } from '../../shared/orderIdsField';
import { OrderStatusPool } from '../../shared/statusPool';
import { isRecord } from '../../shared/values';
import type { Observation } from '../poll';

export const description: INodeProperties[] = [
	orderIdListProperty(
		{ event: ['orderStatusChanged'] },
		'The orders to watch, separated by commas, spaces or new lines, or a list from an expression. They are checked together, up to 100 per request.',
	),
];

/** The item for one watched order, with the contract's fields in its order. */
function describeOrder(order: IDataObject, previousStatus: string | null): IDataObject {
	return {
		order: order.order,
		status: order.status ?? null,
		previousStatus,
		charge: order.charge ?? null,
		start_count: order.start_count ?? null,
		remains: order.remains ?? null,
		currency: order.currency ?? null,
	};
}

/**
 * Fires once for each watched order whose status differs from the last poll's, in the order the
 * IDs are given. An order new to the list is recorded first and reported from its next change. An
 * order the panel does not know fails the poll with the error Get Status gives for it.
 */
export async function observe(this: IPollFunctions): Promise<Observation> {
	const orderIds = readOrderIdList(this, undefined);
	const statusPool = new OrderStatusPool(this);
	statusPool.plan(orderIds, {});
	const orders: IDataObject[] = [];
	for (const orderId of orderIds) {
		orders.push({ order: orderId, ...normalizeRecord(await statusPool.statusOf(orderId, {})) });
	}
	const statuses: IDataObject = {};
	for (const order of orders) statuses[String(order.order)] = String(order.status);

	return {
		snapshot: { statuses },
		changesSince(previous) {
			const before = isRecord(previous.statuses) ? previous.statuses : {};
			return orders.flatMap((order) => {
				const previousStatus = before[String(order.order)];
				const changed =
					typeof previousStatus === 'string' && previousStatus !== statuses[String(order.order)];
				return changed ? [describeOrder(order, previousStatus)] : [];
			});
		},
		sample: () => orders.map((order) => describeOrder(order, null)),
	};
}
