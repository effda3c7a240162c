import type { INodeProperties } from 'n8n-workflow';

import { toolDescriptionsOf } from '../../shared/aiTool';
import type { OperationOption, OperationsOf } from '../node.type';
import * as getAll from './getAll';

export const serviceOperations: OperationsOf<'service'> = { getAll };

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
		] satisfies Array<OperationOption<'service'>>,
		default: 'getAll',
	},
	...toolDescriptionsOf('service', serviceOperations),
	...getAll.description,
];
