import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { fieldFilledByModel, fromAi } from '../../shared/aiTool';
import { runForEachItem } from '../../shared/itemRunner';
import { copyNormalized } from '../../shared/normalize';
import { optionsCollection, readOptions } from '../../shared/options';
import { orderIdListProperty, readOrderIdList } from '../../shared/orderIdsField';
import { OrderStatusPool } from '../../shared/statusPool';

const show = { resource: ['order'], operation: ['getMany'] };

export const toolDescription =
	'Gets the statuses of several TZSMM Pay licence orders at once. Input: orderIds, the order IDs separated by commas (such as "132, 130"). Returns one entry per order, in the order given: {"order": 132, "status": "Completed", "charge": 0.56, "currency": "USD", ...}, or {"order": 8, "error": "Incorrect order ID"} for an order TZSMM Pay does not know.';

export const description: INodeProperties[] = [
	...fieldFilledByModel(
		orderIdListProperty(
			show,
			'The orders to check, separated by commas, spaces or new lines, or a list from an expression. The IDs of all items are checked together, up to 100 per request.',
		),
		fromAi('orderIds', 'The order IDs, separated by commas, such as 132, 130', 'string'),
	),
	optionsCollection(show, { readOnly: true }),
];

function readStatusesQuery(context: IExecuteFunctions, itemIndex: number) {
	return {
		orderIds: readOrderIdList(context, itemIndex),
		...readOptions(context, itemIndex),
	};
}

/** One item per requested order, in the order given; an unknown order is data, not a failure. */
function describeOrder(orderId: number, record: IDataObject | undefined): IDataObject {
	if (record === undefined) {
		return { order: orderId, error: 'TZSMM Pay did not report this order' };
	}
	if (typeof record.error === 'string') return { order: orderId, error: record.error };
	return copyNormalized(record, { order: orderId });
}

/** The IDs of all items are fetched together: each once, up to 100 per request. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const statuses = new OrderStatusPool(this);
	return await runForEachItem(this, {
		read: (itemIndex) => readStatusesQuery(this, itemIndex),
		plan: (queries) => {
			for (const query of queries) statuses.plan(query.orderIds, query.request);
		},
		send: async (query) => {
			const records = await statuses.recordsOf(query.orderIds, query.request);
			if (query.raw) return Object.fromEntries(records) as IDataObject;
			return query.orderIds.map((orderId) => describeOrder(orderId, records.get(orderId)));
		},
	});
}
