import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { getServices } from './methods/loadOptions';
import { accountDescription } from './resources/account';
import { orderDescription } from './resources/order';
import { serviceDescription } from './resources/service';
import type { TzsmmPayResource } from './resources/node.type';
import { route } from './resources/router';

/** The TZSMM Pay action node: a resource and an operation, sent on by resources/router.ts. */
export class TzsmmPay implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TZSMM Pay',
		name: 'tzsmmPay',
		icon: { light: 'file:tzsmmpay.svg', dark: 'file:tzsmmpay.dark.svg' },
		group: ['transform'],
		// 1.1: Idempotency Keys are kept per workflow, and released by an operation of their own.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Order TZSMM Pay licences and check orders and balance with the reseller API',
		defaults: { name: 'TZSMM Pay' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'tzsmmPayApi', required: true }],
		properties: [
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
		],
	};

	methods = { loadOptions: { getServices } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
