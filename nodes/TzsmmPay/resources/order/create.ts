import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { fetchServices, placeOrder } from '../../shared/api';
import { optionsCollection } from '../../shared/descriptions';
import {
	invalidInput,
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

/** How many services an "unknown service" message lists before it says how many more there are. */
const LISTED_SERVICES = 20;

/**
 * Refuses, before any order is placed, an item whose service the panel does not offer (an ID from
 * an expression may be stale or mistyped). The catalogue is fetched once per run.
 */
function serviceCheck(context: IExecuteFunctions) {
	let catalogue: Promise<IDataObject[]> | undefined;
	return async (order: NewOrder, itemIndex: number): Promise<void> => {
		catalogue ??= fetchServices.call(context, order.request);
		const services = await catalogue;
		if (services.some((service) => Number(service.service) === order.serviceId)) return;
		throw invalidInput(
			context,
			'Service Name or ID',
			itemIndex,
			`TZSMM Pay offers no service with the ID ${order.serviceId}; ${listServices(services)}`,
		);
	};
}

/** "valid IDs: 2 (Monthly Silver), 3 (Monthly Gold)", at most LISTED_SERVICES of them. */
function listServices(services: IDataObject[]): string {
	if (services.length === 0) return 'its catalogue is empty';
	const listed = services
		.slice(0, LISTED_SERVICES)
		.map((service) => `${String(service.service)} (${String(service.name)})`);
	const more = services.length - listed.length;
	return `valid IDs: ${listed.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runForEachItem(
		this,
		readNewOrder.bind(this),
		async (order) => {
			// Sent once and never retried: every `add` spends balance.
			const answer = await placeOrder.call(this, order.serviceId, order.link, order.request);
			if (order.raw) return answer;
			return { order: normalizeRecord(answer).order, service: order.serviceId, link: order.link };
		},
		serviceCheck(this),
	);
}
