import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { fieldFilledByModel, fromAi } from '../../shared/aiTool';
import { runForEachItem } from '../../shared/itemRunner';
import { copyNormalized } from '../../shared/normalize';
import { optionsCollection, readOptions } from '../../shared/options';
import { readPositiveInteger } from '../../shared/parameters';
import { OrderStatusPool } from '../../shared/statusPool';

const show = { resource: ['order'], operation: ['get'] };

export const toolDescription =
	'Gets the status of one TZSMM Pay licence order. Input: orderId, the order ID TZSMM Pay gave the order (a whole number such as 132). Returns [{"order": 132, "status": "Completed", "charge": 0.56, "currency": "USD", ...}]: status is the panel\'s word for where the order stands, such as Pending, In progress or Completed. An order ID that TZSMM Pay does not know returns an error that says the order was not found.';

export const description: INodeProperties[] = [
	// Text, as order IDs come from sheets and shops, with nothing pre-filled.
	...fieldFilledByModel(
		{
			displayName: 'Order ID',
			name: 'orderId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 23501',
			description: 'The ID TZSMM Pay gave the order when it was placed',
			displayOptions: { show },
		},
		fromAi(
			'orderId',
			'The order ID TZSMM Pay gave the order, a whole number such as 132',
			'number',
		),
	),
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
