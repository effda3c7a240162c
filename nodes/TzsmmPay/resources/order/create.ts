import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { placeOrder } from '../../shared/api';
import { optionsCollection } from '../../shared/descriptions';
import {
	readEmail,
	readOptions,
	readPositiveInteger,
	type OperationOptions,
} from '../../shared/input';
import { runForEachItem } from '../../shared/items';
import { normalizeRecord } from '../../shared/normalize';

const show = { resource: ['order'], operation: ['create'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Service Name or ID',
		name: 'serviceId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getServices' },
		required: true,
		default: '',
		description:
			'The service (licence plan) to order. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show },
	},
	{
		displayName: 'Buyer Email',
		name: 'link',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
		description: 'The e-mail address the licence is activated for (the API calls it "link")',
		displayOptions: { show },
	},
	optionsCollection(show, { readOnly: false }),
];

interface NewOrder extends OperationOptions {
	serviceId: number;
	link: string;
}

function readNewOrder(this: IExecuteFunctions, itemIndex: number): NewOrder {
	return {
		serviceId: readPositiveInteger.call(this, 'serviceId', 'Service Name or ID', itemIndex),
		link: readEmail.call(this, 'link', 'Buyer Email', itemIndex),
		...readOptions.call(this, itemIndex),
	};
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runForEachItem(this, readNewOrder.bind(this), async (order) => {
		// Sent once and never retried: every `add` spends balance.
		const answer = await placeOrder.call(this, order.serviceId, order.link, order.request);
		if (order.raw) return answer;
		return { order: normalizeRecord(answer).order, service: order.serviceId, link: order.link };
	});
}
