import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { WORKFLOW_SCOPED_KEYS_VERSION } from '../../shared/idempotency';

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

const version1Operations: Array<OperationOption<'order'>> = [
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
];

/** Version 1.1 keeps Idempotency Keys per workflow, so a node of its own can release them. */
const releaseOperation: OperationOption<'order'> = {
	name: 'Release Idempotency Key',
	value: 'releaseIdempotencyKey',
	action: 'Release an idempotency key',
	description:
		'Forget a key whose order TZSMM Pay does not have, so that the next Create with it orders again',
};

const operationDropdown = (
	versions: NonNullable<IDisplayOptions['show']>['@version'],
	options: Array<OperationOption<'order'>>,
): INodeProperties => ({
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['order'], '@version': versions } },
	options,
	default: 'create',
});

export const orderDescription: INodeProperties[] = [
	operationDropdown([1], version1Operations),
	operationDropdown(
		[{ _cnd: { gte: WORKFLOW_SCOPED_KEYS_VERSION } }],
		[...version1Operations, releaseOperation],
	),
	...create.description,
	...get.description,
	...getMany.description,
	...releaseIdempotencyKey.description,
];
