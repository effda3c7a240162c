import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { optionsCollection, orderIdListProperty } from '../../shared/descriptions';
import { readOptions, readOrderIdList } from '../../shared/input';
import { runForEachItem } from '../../shared/items';
import { normalizeRecord } from '../../shared/normalize';
import { OrderStatusLookup } from '../../shared/statusLookup';

const show = { resource: ['order'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	orderIdListProperty(
		show,
		'The orders to check, separated by commas, spaces or new lines, or a list from an expression. The IDs of all items are checked together, up to 100 per request.',
	),
	optionsCollection(show, { readOnly: true }),
];

function readStatusesQuery(this: IExecuteFunctions, itemIndex: number) {
	return {
		orderIds: readOrderIdList.call(this, 'orderIds', 'Order IDs', itemIndex),
		...readOptions.call(this, itemIndex),
	};
}

/** One item per requested order, in the order given; an unknown order is data, not a failure. */
function describeOrder(orderId: number, record: IDataObject | undefined): IDataObject {
	if (record === undefined) {
		return { order: orderId, error: 'TZSMM Pay did not report this order' };
	}
	if (typeof record.error === 'string') return { order: orderId, error: record.error };
	return { order: orderId, ...normalizeRecord(record) };
}

/** The IDs of all items are fetched together: each once, up to 100 per request. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const lookup = new OrderStatusLookup(this);
	const readQuery = (itemIndex: number) => {
		const query = readStatusesQuery.call(this, itemIndex);
		lookup.include(query.orderIds, query.request);
		return query;
	};
	return await runForEachItem(this, readQuery, async (query) => {
		const records = await lookup.recordsOf(query.orderIds, query.request);
		if (query.raw) return Object.fromEntries(records) as IDataObject;
		return query.orderIds.map((orderId) => describeOrder(orderId, records.get(orderId)));
	});
}
