import type { IDataObject, INodeProperties, IPollFunctions } from 'n8n-workflow';

import { orderIdListProperty } from '../../TzsmmPay/shared/descriptions';
import { invalidInput } from '../../TzsmmPay/shared/input';
import { normalizeRecord } from '../../TzsmmPay/shared/normalize';
import { parseOrderIdList } from '../../TzsmmPay/shared/orderIds';
import { OrderStatusLookup } from '../../TzsmmPay/shared/statusLookup';
import { isRecord } from '../../TzsmmPay/shared/transport';
import type { Observation } from '../poll';

export const description: INodeProperties[] = [
	orderIdListProperty(
		{ event: ['orderStatusChanged'] },
		'The orders to watch, separated by commas, spaces or new lines, or a list from an expression. They are checked together, up to 100 per request.',
	),
];

function readOrderIds(context: IPollFunctions): number[] {
	const parsed = parseOrderIdList(context.getNodeParameter('orderIds', ''));
	if (!parsed.ok) throw invalidInput(context, 'Order IDs', undefined, parsed.reason);
	return parsed.ids;
}

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
	const orderIds = readOrderIds(this);
	const lookup = new OrderStatusLookup(this);
	lookup.include(orderIds, {});
	const orders: IDataObject[] = [];
	for (const orderId of orderIds) {
		orders.push({ order: orderId, ...normalizeRecord(await lookup.statusOf(orderId, {})) });
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
