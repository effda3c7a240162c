import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../shared/descriptions';
import { readOptions, readPositiveInteger } from '../../shared/input';
import { runForEachItem } from '../../shared/items';
import { normalizeRecord } from '../../shared/normalize';
import { OrderStatusLookup } from '../../shared/statusLookup';

const show = { resource: ['order'], operation: ['get'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Order ID',
		name: 'orderId',
		type: 'number',
		required: true,
		default: 0,
		description: 'The ID TZSMM Pay gave the order when it was placed',
		displayOptions: { show },
	},
	optionsCollection(show, { readOnly: true }),
];

function readStatusQuery(this: IExecuteFunctions, itemIndex: number) {
	return {
		orderId: readPositiveInteger.call(this, 'orderId', 'Order ID', itemIndex),
		...readOptions.call(this, itemIndex),
	};
}

/** The statuses of all items are fetched together, up to 100 orders per request. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const lookup = new OrderStatusLookup(this);
	const readQuery = (itemIndex: number) => {
		const query = readStatusQuery.call(this, itemIndex);
		lookup.include([query.orderId], query.request);
		return query;
	};
	return await runForEachItem(this, readQuery, async (query) => {
		const record = await lookup.statusOf(query.orderId, query.request);
		return query.raw ? record : { order: query.orderId, ...normalizeRecord(record) };
	});
}
