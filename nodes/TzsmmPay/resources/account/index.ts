import type { INodeProperties } from 'n8n-workflow';

import * as getBalance from './getBalance';

export const accountOperations = { getBalance };

export const accountDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{
				name: 'Get Balance',
				value: 'getBalance',
				action: 'Get the account balance',
				description: 'Get the balance of your reseller account',
			},
		],
		default: 'getBalance',
	},
	...getBalance.description,
];
