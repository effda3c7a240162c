import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { toolDescriptionsOf } from '../../shared/aiTool';
import { fromVersion, WORKFLOW_SCOPED_KEYS_VERSION } from '../../shared/versions';

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

/** Version 1.1 keeps Idempotency Keys per workflow, so a node of its own can release them. */
const releaseOperation: OperationOption<'order'> = {
	name: 'Release Idempotency Key',
	value: 'releaseIdempotencyKey',
	action: 'Release idempotency key',
	description:
		'Forget a key whose order TZSMM Pay does not have, so that the next Create with it orders again',
};

type Show = NonNullable<IDisplayOptions['show']>;

const operationDropdown = (
	where: Pick<Show, '@version' | '@tool'>,
	options: Array<OperationOption<'order'>>,
): INodeProperties => ({
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['order'], ...where } },
	options,
	default: 'create',
});

const fromKeysPerWorkflow = fromVersion(WORKFLOW_SCOPED_KEYS_VERSION);

export const orderDescription: INodeProperties[] = [
	operationDropdown({ '@version': [1] }, version1Operations),
	operationDropdown({ '@version': fromKeysPerWorkflow, '@tool': [false] }, [
		...version1Operations,
		releaseOperation,
	]),
	// Releasing a key would let a model order the same sale again: not a tool.
	operationDropdown({ '@version': fromKeysPerWorkflow, '@tool': [true] }, version1Operations),
	...toolDescriptionsOf('order', orderOperations),
	...create.description,
	...get.description,
	...getMany.description,
	...releaseIdempotencyKey.description,
];
