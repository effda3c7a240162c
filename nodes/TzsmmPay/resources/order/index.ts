import type { INodeProperties } from 'n8n-workflow';

import type { OperationOption, OperationsOf } from '../node.type';
import * as create from './create';
import * as get from './get';
import * as getMany from './getMany';

export const orderOperations: OperationsOf<'order'> = { create, get, getMany };

export const orderDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create an order',
				description: 'Order a licence for a buyer’s e-mail address (spends balance)',
			},
			{
				name: 'Get Status',
				value: 'get',
				action: 'Get the status of an order',
				description: 'Get the status of one order',
			},
			{
				name: 'Get Many Statuses',
				value: 'getMany',
				action: 'Get the statuses of many orders',
				description: 'Get the statuses of a list of orders, up to 100 per request',
			},
		] satisfies Array<OperationOption<'order'>>,
		default: 'create',
	},
	...create.description,
	...get.description,
	...getMany.description,
];
