import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { fieldFilledByModel, fromAi, onlyInTool, runsAsTool } from '../../shared/aiTool';
import { IdempotencyKeys } from '../../shared/idempotency';
import { runForEachItem } from '../../shared/itemRunner';
import { optionsCollection, readOptions } from '../../shared/options';
import {
	DEFAULT_KEYS_KEPT,
	MAX_IDEMPOTENCY_KEY_LENGTH,
	readEmail,
	readIdempotencyKey,
	readKeysKept,
	readPositiveInteger,
	readRequiredIdempotencyKey,
} from '../../shared/parameters';
import { failureDetails, placeOnce, type NewOrder } from './orderOnce';
import { serviceCheck } from './serviceCheck';

const show = { resource: ['order'], operation: ['create'] };

const keysKeptOption: INodeProperties = {
	displayName: 'Idempotency Keys Kept',
	name: 'idempotencyKeysKept',
	type: 'number',
	typeOptions: { minValue: 1, numberPrecision: 0 },
	default: DEFAULT_KEYS_KEPT,
	description:
		'How many of the most recent Idempotency Keys this workflow remembers; a key older than that can order again',
};

const keyOption: INodeProperties = {
	displayName: 'Idempotency Key',
	name: 'idempotencyKey',
	type: 'string',
	default: '',
	placeholder: 'e.g. {{ $json.saleId }}',
	description: `Text that identifies the sale, usually an expression such as the shop's order ID. This workflow places at most one order per key, across executions and retries; an item whose key was used before is returned with "skipped": true instead. Empty: no guard. At most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters.`,
};

/** Why TZSMM Pay Tool's Create refuses to order without a key: a model may call it twice. */
const TOOL_NEEDS_KEY =
	'but TZSMM Pay Tool orders only under a key: the ID of the sale, support ticket or conversation the order is for, so that a repeated call cannot order twice';

/**
 * The tool variant's key: a field of its own, required, filled by the model by default. A key the
 * model cannot change, such as the chat's session ID, guards more strictly still.
 */
const toolKeyField: INodeProperties = onlyInTool({
	displayName: 'Idempotency Key',
	name: 'idempotencyKey',
	type: 'string',
	required: true,
	default: fromAi(
		'idempotencyKey',
		'The ID of the sale, support ticket or conversation this order is for, as the user gave it. Never make one up: the same ID never orders twice',
		'string',
	),
	description:
		'The sale this order is for. At most one order is placed per key in this workflow, across calls and executions: a model that calls again with the same key gets "skipped": true. By default the model gives it; an expression the model cannot change, such as the chat\'s session ID, allows one order per conversation. Required: the tool does not order without a key.',
	displayOptions: { show },
});

export const toolDescription =
	'Orders a TZSMM Pay licence for a buyer\'s e-mail address, and spends the reseller\'s balance. Inputs: email, the buyer\'s address; idempotencyKey, the ID of the sale, support ticket or conversation this order is for, as the user gave it (ask for it; never make one up). Calling again with the same idempotencyKey places no second order and returns "skipped": true. Returns [{"order": 1001, "service": 2, "link": "buyer@example.com"}]: order is the new order\'s ID, for checking its status.';

/** The service from the catalogue with its price, or by ID (typed or an expression). */
const serviceLocator: INodeProperties = {
	displayName: 'Service',
	name: 'serviceId',
	type: 'resourceLocator',
	required: true,
	default: { mode: 'list', value: '' },
	description: 'The service (licence plan) to order',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a service...',
			typeOptions: { searchListMethod: 'searchServices', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 2',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '^[1-9][0-9]*$',
						errorMessage: 'A service ID is a positive whole number, e.g. 2',
					},
				},
			],
		},
	],
	displayOptions: { show },
};

/** The service field's label, as errors name it. */
const SERVICE_LABEL = 'Service';

export const description: INodeProperties[] = [
	{
		displayName:
			'Every order spends your TZSMM Pay balance. Keep Retry On Fail (Settings) off for this operation, and set an Idempotency Key (Add Option) wherever a shop, a schedule or a retry can deliver the same sale twice.',
		name: 'spendingNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ...show, '@tool': [false] } },
	},
	{
		displayName:
			'An AI agent or MCP client given this tool can spend your balance. Give it only to an agent that acts for you, never to a public chat.',
		name: 'toolSpendingNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ...show, '@tool': [true] } },
	},
	serviceLocator,
	...fieldFilledByModel(
		{
			displayName: 'Buyer Email',
			name: 'link',
			type: 'string',
			placeholder: 'e.g. buyer@example.com',
			required: true,
			default: '',
			description: 'The e-mail address the licence is activated for (the API calls it "link")',
			displayOptions: { show },
		},
		fromAi('email', "The buyer's e-mail address that the licence is for", 'string'),
	),
	toolKeyField,
	optionsCollection(
		{ ...show, '@tool': [false] },
		{ readOnly: false, ownOptions: [keyOption, keysKeptOption] },
	),
	// The tool's key is a field of its own.
	optionsCollection(
		{ ...show, '@tool': [true] },
		{ readOnly: false, ownOptions: [keysKeptOption] },
	),
];

function readNewOrder(context: IExecuteFunctions, itemIndex: number): NewOrder {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const idempotencyKey = runsAsTool(context)
		? readRequiredIdempotencyKey(
				context,
				context.getNodeParameter('idempotencyKey', itemIndex, ''),
				itemIndex,
				TOOL_NEEDS_KEY,
			)
		: readIdempotencyKey(context, options.idempotencyKey, itemIndex);
	return {
		serviceId: readPositiveInteger(context, 'serviceId', SERVICE_LABEL, itemIndex),
		link: readEmail(context, 'link', 'Buyer Email', itemIndex),
		idempotencyKey,
		keysKept: readKeysKept(context, options.idempotencyKeysKept, itemIndex),
		...readOptions(context, itemIndex),
	};
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const keys = new IdempotencyKeys(this);
	return await runForEachItem<NewOrder>(this, {
		errorDetails: failureDetails,
		read: (itemIndex) => readNewOrder(this, itemIndex),
		check: serviceCheck(this, SERVICE_LABEL),
		send: async (order) => await placeOnce.call(this, keys, order),
	});
}
