import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { searchServices } from './methods/listSearch';
import { accountDescription } from './resources/account';
import { orderDescription } from './resources/order';
import { serviceDescription } from './resources/service';
import type { TzsmmPayResource } from './resources/node.type';
import { route } from './resources/router';

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Account', value: 'account' },
			{ name: 'Order', value: 'order' },
			{ name: 'Service', value: 'service' },
		] satisfies Array<INodePropertyOptions & { value: TzsmmPayResource }>,
		default: 'order',
	},
	...serviceDescription,
	...orderDescription,
	...accountDescription,
];

/**
 * The subtitle under the node on the canvas: the chosen operation's action ("Create order"), looked
 * up from the Operation dropdowns themselves.
 */
function subtitleOf(nodeProperties: INodeProperties[]): string {
	const actions: Record<string, string> = {};
	for (const property of nodeProperties) {
		if (property.name !== 'operation') continue;
		for (const resource of property.displayOptions?.show?.resource ?? []) {
			for (const option of property.options ?? []) {
				if ('value' in option) {
					actions[`${String(resource)}:${String(option.value)}`] = option.action ?? option.name;
				}
			}
		}
	}
	return `={{ ${JSON.stringify(actions)}[$parameter["resource"] + ":" + $parameter["operation"]] }}`;
}

/** The TZSMM Pay action node: a resource and an operation, sent on by resources/router.ts. */
export class TzsmmPay implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TZSMM Pay',
		name: 'tzsmmPay',
		icon: { light: 'file:tzsmmpay.svg', dark: 'file:tzsmmpay.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: subtitleOf(properties),
		description: 'Order TZSMM Pay licences and check orders and balance with the reseller API',
		defaults: { name: 'TZSMM Pay' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'tzsmmPayApi', required: true }],
		properties,
	};

	methods = { listSearch: { searchServices } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
