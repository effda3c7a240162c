import type { INodeProperties } from 'n8n-workflow';

import { toolDescriptionsOf } from '../../shared/aiTool';

import type { OperationOption, OperationsOf } from '../node.type';
import * as create from './create';
import * as get from './get';
import * as getMany from './getMany';
import * as releaseIdempotencyKey from './releaseIdempotencyKey';

export const orderOperations: OperationsOf<'order'> = {
	create,
	get,
	getMany,
	releaseIdempotencyKey,
};

const orderingOperations: Array<OperationOption<'order'>> = [
	{
		name: 'Create',
		value: 'create',
		action: 'Create order',
		description: 'Order a licence for a buyer’s e-mail address (spends balance)',
	},
	{
		name: 'Get Status',
		value: 'get',
		action: 'Get order status',
		description: 'Get the status of one order',
	},
	{
		name: 'Get Many Statuses',
		value: 'getMany',
		action: 'Get many order statuses',
		description: 'Get the statuses of a list of orders, asked for together',
	},
];

/** Idempotency Keys are kept per workflow, so a node of its own can release them. */
const releaseOperation: OperationOption<'order'> = {
	name: 'Release Idempotency Key',
	value: 'releaseIdempotencyKey',
	action: 'Release idempotency key',
	description:
		'Forget a key whose order TZSMM Pay does not have, so that the next Create with it orders again',
};

const operationDropdown = (
	asTool: boolean,
	options: Array<OperationOption<'order'>>,
): INodeProperties => ({
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['order'], '@tool': [asTool] } },
	options,
	default: 'create',
});

export const orderDescription: INodeProperties[] = [
	operationDropdown(false, [...orderingOperations, releaseOperation]),
	// Releasing a key would let a model order the same sale again: not a tool.
	operationDropdown(true, orderingOperations),
	...toolDescriptionsOf('order', orderOperations),
	...create.description,
	...get.description,
	...getMany.description,
	...releaseIdempotencyKey.description,
];
