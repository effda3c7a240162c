import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runForEachItem } from '../../shared/itemRunner';
import { copyNormalized } from '../../shared/normalize';
import { optionsCollection, readOptions } from '../../shared/options';
import { readPositiveInteger } from '../../shared/parameters';
import { OrderStatusPool } from '../../shared/statusPool';

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

function readStatusQuery(context: IExecuteFunctions, itemIndex: number) {
	return {
		orderId: readPositiveInteger(context, 'orderId', 'Order ID', itemIndex),
		...readOptions(context, itemIndex),
	};
}

/** The statuses of all items are fetched together, up to 100 orders per request. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const statuses = new OrderStatusPool(this);
	return await runForEachItem(this, {
		read: (itemIndex) => readStatusQuery(this, itemIndex),
		plan: (queries) => {
			for (const query of queries) statuses.plan([query.orderId], query.request);
		},
		send: async (query) => {
			const record = await statuses.statusOf(query.orderId, query.request);
			return query.raw ? record : copyNormalized(record, { order: query.orderId });
		},
	});
}
