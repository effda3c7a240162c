import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { fetchOrderStatuses } from '../../shared/api';
import { optionsCollection } from '../../shared/descriptions';
import { readOptions, readOrderIdList } from '../../shared/input';
import { runForEachItem } from '../../shared/items';
import { normalizeRecord } from '../../shared/normalize';

const show = { resource: ['order'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Order IDs',
		name: 'orderIds',
		type: 'string',
		typeOptions: { rows: 2 },
		required: true,
		default: '',
		placeholder: '132, 130, 8',
		description:
			'The orders to check, separated by commas, spaces or new lines, or a list from an expression. More than 100 are sent in several requests.',
		displayOptions: { show },
	},
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

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runForEachItem(this, readStatusesQuery.bind(this), async (query) => {
		const statuses = await fetchOrderStatuses.call(this, query.orderIds, query.request);
		if (query.raw) return Object.fromEntries(statuses) as IDataObject;
		return query.orderIds.map((orderId) => describeOrder(orderId, statuses.get(orderId)));
	});
}
