import {
	NodeConnectionTypes,
	NodeOperationError,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import * as balanceBelow from './events/balanceBelow';
import * as orderStatusChanged from './events/orderStatusChanged';
import * as serviceChanged from './events/serviceChanged';
import { pollEvent, type Observe } from './poll';

const events: Record<string, Observe> = {
	balanceBelow: balanceBelow.observe,
	orderStatusChanged: orderStatusChanged.observe,
	serviceChanged: serviceChanged.observe,
};

export class TzsmmPayTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TZSMM Pay Trigger',
		name: 'tzsmmPayTrigger',
		icon: { light: 'file:../TzsmmPay/tzsmmpay.svg', dark: 'file:../TzsmmPay/tzsmmpay.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description:
			'Starts the workflow when a TZSMM Pay order changes status, the balance runs low or the service catalogue changes',
		defaults: { name: 'TZSMM Pay Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'tzsmmPayApi', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Balance Below Threshold',
						value: 'balanceBelow',
						description:
							'Once when the balance falls below a threshold; again only after it was back at or above it',
					},
					{
						name: 'Order Status Changed',
						value: 'orderStatusChanged',
						description: 'One of the orders you watch has a new status',
					},
					{
						name: 'Service Catalogue Changed',
						value: 'serviceChanged',
						description: 'A service was added or removed, or its rate changed',
					},
				],
				default: 'orderStatusChanged',
			},
			...orderStatusChanged.description,
			...balanceBelow.description,
			...serviceChanged.description,
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event') as string;
		const observe = events[event];
		if (observe === undefined) {
			throw new NodeOperationError(this.getNode(), `The event "${event}" is not supported`);
		}
		return await pollEvent.call(this, event, observe);
	}
}
