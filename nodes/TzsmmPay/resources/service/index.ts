import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll';

export const serviceOperations = { getAll };

export const serviceDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['service'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many services',
				description: 'List the services (licence plans) you can order',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
