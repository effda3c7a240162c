import type { INodeProperties } from 'n8n-workflow';

import { toolDescriptionsOf } from '../../shared/aiTool';
import type { OperationOption, OperationsOf } from '../node.type';
import * as getBalance from './getBalance';

export const accountOperations: OperationsOf<'account'> = { getBalance };

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
				action: 'Get account balance',
				description: 'Get the balance of your reseller account',
			},
		] satisfies Array<OperationOption<'account'>>,
		default: 'getBalance',
	},
	...toolDescriptionsOf('account', accountOperations),
	...getBalance.description,
];
