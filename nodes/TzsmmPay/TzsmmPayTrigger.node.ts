import {
	NodeConnectionTypes,
	NodeOperationError,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { events, findEvent, type EventOption } from './trigger/events';
import { pollEvent } from './trigger/poll';

const eventOptions: EventOption[] = [
	{
		name: 'Balance Below Threshold',
		value: 'balanceBelow',
		description:
			'Once when the balance falls below a threshold; again only after it was back at or above it',
	},
	{
		name: 'Order Status Changed',
		value: 'orderStatusChanged',
		description:
			'One of the order IDs you type in has a new status. For the orders a shop places, use a Schedule Trigger, the orders from your table and Get Status instead (the licence-ready example).',
	},
	{
		name: 'Service Catalogue Changed',
		value: 'serviceChanged',
		description: 'A service was added or removed, or its rate changed',
	},
];

const eventNames = Object.fromEntries(eventOptions.map((option) => [option.value, option.name]));

/** Polls TZSMM Pay and starts the workflow on the chosen event (see trigger/poll.ts). */
export class TzsmmPayTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TZSMM Pay Trigger',
		name: 'tzsmmPayTrigger',
		icon: { light: 'file:tzsmmpay.svg', dark: 'file:tzsmmpay.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: `={{ ${JSON.stringify(eventNames)}[$parameter["event"]] }}`,
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
				options: eventOptions,
				// Balance Below Threshold suits a live shop best.
				default: 'balanceBelow',
			},
			...events.orderStatusChanged.description,
			...events.balanceBelow.description,
			...events.serviceChanged.description,
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event') as string;
		const chosen = findEvent(event);
		if (chosen === undefined) {
			throw new NodeOperationError(this.getNode(), `The event "${event}" is not supported`);
		}
		return await pollEvent.call(this, event, chosen.observe);
	}
}
