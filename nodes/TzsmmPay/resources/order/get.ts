import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { fetchOrderStatus } from '../../shared/api';
import { optionsCollection } from '../../shared/descriptions';
import { readOptions, readPositiveInteger } from '../../shared/input';
import { runForEachItem } from '../../shared/items';
import { normalizeRecord } from '../../shared/normalize';

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

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runForEachItem(this, readStatusQuery.bind(this), async (query) => {
		const answer = await fetchOrderStatus.call(this, query.orderId, query.request);
		return query.raw ? answer : { order: query.orderId, ...normalizeRecord(answer) };
	});
}
