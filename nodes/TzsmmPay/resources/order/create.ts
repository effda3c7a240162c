import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { fieldFilledByModel, fromAi, onlyInTool, runsAsTool } from '../../shared/aiTool';
import { fetchServices, placeOrder } from '../../shared/api';
import {
	DEFAULT_KEYS_KEPT,
	IdempotencyKeys,
	keyOfFailedClaim,
	keysArePerWorkflow,
	MAX_IDEMPOTENCY_KEY_LENGTH,
	readIdempotencyKey,
	readKeyToRelease,
	readRequiredIdempotencyKey,
	whereToRelease,
} from '../../shared/idempotency';
import { addErrorItemDetails, runForEachItem } from '../../shared/itemRunner';
import { normalizeRecord } from '../../shared/normalize';
import { optionsCollection, readOptions, type OperationOptions } from '../../shared/options';
import { invalidInput, readEmail, readPositiveInteger } from '../../shared/parameters';
import { orderMayHaveBeenPlaced } from '../../shared/transport/failure';
import { describeValue, parsePositiveInteger } from '../../shared/values';
import {
	beforeVersion,
	EDITOR_FIELDS_VERSION,
	fromVersion,
	WORKFLOW_SCOPED_KEYS_VERSION,
} from '../../shared/versions';

const show = { resource: ['order'], operation: ['create'] };

const keysKeptOption = (perWorkflow: boolean): INodeProperties => ({
	displayName: 'Idempotency Keys Kept',
	name: 'idempotencyKeysKept',
	type: 'number',
	typeOptions: { minValue: 1, numberPrecision: 0 },
	default: DEFAULT_KEYS_KEPT,
	description: `How many of the most recent Idempotency Keys ${perWorkflow ? 'this workflow' : 'this node'} remembers; a key older than that can order again`,
});

/** Version 1 keeps its keys per node; from 1.1 they are kept per workflow. */
const keyOptions = (perWorkflow: boolean): INodeProperties[] => [
	{
		displayName: 'Idempotency Key',
		name: 'idempotencyKey',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.saleId }}',
		description: `Text that identifies the sale, usually an expression such as the shop's order ID. ${perWorkflow ? 'This workflow places' : 'This node places'} at most one order per key, across executions and retries; an item whose key was used before is returned with "skipped": true instead. Empty: no guard. At most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters.`,
	},
	keysKeptOption(perWorkflow),
];

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

/** Version 1's switch, replaced from 1.1 by the operation Order › Release Idempotency Key. */
const releaseSwitch: INodeProperties = {
	displayName: 'Release Idempotency Key',
	name: 'releaseIdempotencyKey',
	type: 'boolean',
	default: false,
	description:
		"Whether to forget each item's Idempotency Key instead of ordering. Use it once, after TZSMM Pay shows that an order whose outcome was unknown was not placed: the next run with that key orders again.",
};

/** Nodes saved before 1.2: a dropdown whose value is the service ID. */
const serviceDropdown: INodeProperties = {
	displayName: 'Service Name or ID',
	name: 'serviceId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getServices' },
	required: true,
	default: '',
	description:
		'The service (licence plan) to order. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	displayOptions: { show: { ...show, '@version': beforeVersion(EDITOR_FIELDS_VERSION) } },
};

/** From 1.2: the service from the catalogue with its price, or by ID (typed or an expression). */
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
	displayOptions: { show: { ...show, '@version': fromVersion(EDITOR_FIELDS_VERSION) } },
};

/** The service field's label in a node of this version, as errors name it. */
const serviceLabel = (context: IExecuteFunctions) =>
	context.getNode().typeVersion >= EDITOR_FIELDS_VERSION ? 'Service' : 'Service Name or ID';

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
	serviceDropdown,
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
		{ ...show, '@version': [1], '@tool': [false] },
		{ readOnly: false, ownOptions: [...keyOptions(false), releaseSwitch] },
	),
	optionsCollection(
		{ ...show, '@version': fromVersion(WORKFLOW_SCOPED_KEYS_VERSION), '@tool': [false] },
		{ readOnly: false, ownOptions: keyOptions(true) },
	),
	// The tool's key is a field of its own; the Release switch of version 1 is no model's to use.
	optionsCollection(
		{ ...show, '@tool': [true] },
		{ readOnly: false, ownOptions: [keysKeptOption(true)] },
	),
];

interface NewOrder extends OperationOptions {
	action: 'place';
	serviceId: number;
	link: string;
	/** Orders at most once per key, when there is one. */
	idempotencyKey?: string;
	keysKept: number;
}

interface KeyRelease {
	action: 'release';
	idempotencyKey: string;
}

function readCreateInput(context: IExecuteFunctions, itemIndex: number): NewOrder | KeyRelease {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const asTool = runsAsTool(context);
	// Version 1's switch; a node of version 1.1 on has no such option and never releases.
	if (!asTool && options.releaseIdempotencyKey === true && !keysArePerWorkflow(context)) {
		return {
			action: 'release',
			idempotencyKey: readKeyToRelease(context, options.idempotencyKey, itemIndex),
		};
	}
	const idempotencyKey = asTool
		? readRequiredIdempotencyKey(
				context,
				context.getNodeParameter('idempotencyKey', itemIndex, ''),
				itemIndex,
				TOOL_NEEDS_KEY,
			)
		: readIdempotencyKey(context, options.idempotencyKey, itemIndex);

	const keysKept =
		options.idempotencyKeysKept === undefined
			? DEFAULT_KEYS_KEPT
			: parsePositiveInteger(options.idempotencyKeysKept);
	if (keysKept === undefined) {
		throw invalidInput(
			context,
			'Idempotency Keys Kept',
			itemIndex,
			`${describeValue(options.idempotencyKeysKept)} is not a positive whole number`,
		);
	}
	return {
		action: 'place',
		serviceId: readPositiveInteger(context, 'serviceId', serviceLabel(context), itemIndex),
		link: readEmail(context, 'link', 'Buyer Email', itemIndex),
		idempotencyKey,
		keysKept,
		...readOptions(context, itemIndex),
	};
}

/** How many services an "unknown service" message lists before it says how many more there are. */
const LISTED_SERVICES = 20;

/**
 * Refuses, before any order is placed, an item whose service the panel does not offer (an ID from
 * an expression may be stale or mistyped). The catalogue is fetched once per run.
 */
function serviceCheck(context: IExecuteFunctions) {
	let catalogue: Promise<IDataObject[]> | undefined;
	return async (input: NewOrder | KeyRelease, itemIndex: number): Promise<void> => {
		if (input.action === 'release') return;
		catalogue ??= fetchServices.call(context, input.request);
		const services = await catalogue;
		if (services.some((service) => Number(service.service) === input.serviceId)) return;
		throw invalidInput(
			context,
			serviceLabel(context),
			itemIndex,
			`TZSMM Pay offers no service with the ID ${input.serviceId}; ${listServices(services)}`,
		);
	};
}

/** "valid IDs: 2 (Monthly Silver), 3 (Monthly Gold)", at most LISTED_SERVICES of them. */
function listServices(services: IDataObject[]): string {
	if (services.length === 0) return 'its catalogue is empty';
	const listed = services
		.slice(0, LISTED_SERVICES)
		.map((service) => `${String(service.service)} (${String(service.name)})`);
	const more = services.length - listed.length;
	return `valid IDs: ${listed.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

async function place(this: IExecuteFunctions, order: NewOrder): Promise<IDataObject> {
	// Sent once and never retried: every `add` spends balance.
	const answer = await placeOrder.call(this, order.serviceId, order.link, order.request);
	if (order.raw) return answer;
	return { order: normalizeRecord(answer).order, service: order.serviceId, link: order.link };
}

/**
 * Places the order unless its Idempotency Key was used before. The key is claimed first and
 * released when the order was definitely not placed; when it may have been, the key stays held.
 */
async function placeOnce(
	this: IExecuteFunctions,
	keys: IdempotencyKeys,
	order: NewOrder,
): Promise<IDataObject> {
	const key = order.idempotencyKey;
	if (key === undefined) return await place.call(this, order);
	if (!(await keys.claim(key, order.keysKept))) {
		// A repeat that came while this process orders the sale decides once that order is settled:
		// skipped if it was placed or may have been, ordered if it was refused and its key released.
		if (await keys.waitForOrderInFlight(key)) return await placeOnce.call(this, keys, order);
		return await skipped.call(this, keys, key, order);
	}
	return await keys.whilePlacing(key, async () => {
		let placed: IDataObject;
		try {
			placed = await place.call(this, order);
		} catch (error) {
			throw await settleKeyAfterFailure.call(this, keys, key, error);
		}
		try {
			await keys.recordPlaced(key, order.keysKept);
		} catch (error) {
			// The order exists and its key is held; only the note for later repeats is missing.
			this.logger.warn(
				`TZSMM Pay order placed, but not recorded as placed: ${(error as Error).message}`,
			);
		}
		return placed;
	});
}

/**
 * The item for a sale whose key was used before. When no execution recorded the order as placed,
 * it says so: an order under the key may still be in flight, or an execution stopped while it was
 * ordering (a crash, a killed queue-mode worker), and only TZSMM Pay knows whether it exists.
 */
async function skipped(
	this: IExecuteFunctions,
	keys: IdempotencyKeys,
	key: string,
	order: NewOrder,
): Promise<IDataObject> {
	const item: IDataObject = {
		skipped: true,
		idempotencyKey: key,
		service: order.serviceId,
		link: order.link,
	};
	if (await keys.wasPlaced(key)) {
		return { ...item, notice: 'Not ordered again: an order was placed under this key before.' };
	}
	return {
		...item,
		outcomeUnknown: true,
		notice: `No execution reported an order placed under this key: one may still be running, or one stopped while ordering (a timeout, a crash, a stopped worker). Check your orders in TZSMM Pay for ${order.link}; if there is none, release the key (${whereToRelease(this)}) and run again.`,
	};
}

/** Releases the key of a failed order that was not placed; otherwise says in the error that it is held. */
async function settleKeyAfterFailure(
	this: IExecuteFunctions,
	keys: IdempotencyKeys,
	key: string,
	error: unknown,
): Promise<NodeApiError | NodeOperationError> {
	const nodeError =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(this.getNode(), error as Error);
	if (!orderMayHaveBeenPlaced(nodeError)) {
		await keys.release(key);
		addErrorItemDetails(nodeError, { idempotencyKey: key, idempotencyKeyHeld: false });
		return nodeError;
	}
	addErrorItemDetails(nodeError, { idempotencyKey: key, idempotencyKeyHeld: true });
	nodeError.message += `. Its Idempotency Key "${key}" stays held, so runs with it skip the order: if TZSMM Pay shows no such order, release the key (${whereToRelease(this)}) and run again`;
	return nodeError;
}

/** HTTP codes of refusals that stay refusals however often the sale is sent again. */
const FINAL_REFUSALS = new Set(['400', '404']);

/**
 * What a workflow branches on when Create fails (Continue On Fail): the panel's HTTP code, and
 * whether the same sale may order if it is delivered again later (the panel was busy, limited
 * requests, unreachable, or refused for a cause the reseller can cure: the key or the balance), or
 * n8n's database failed before anything was sent. Never when the order may exist, nor for bad
 * input or an unknown service, which stay refused.
 */
function failureDetails(error: NodeApiError | NodeOperationError): IDataObject {
	const unclaimedKey = keyOfFailedClaim(error);
	if (unclaimedKey !== undefined) {
		return { idempotencyKey: unclaimedKey, idempotencyKeyHeld: false, retryLater: true };
	}
	if (!(error instanceof NodeApiError)) return { retryLater: false };
	const httpCode = error.httpCode ?? undefined;
	const retryLater =
		!orderMayHaveBeenPlaced(error) && !(httpCode !== undefined && FINAL_REFUSALS.has(httpCode));
	return httpCode === undefined ? { retryLater } : { httpCode, retryLater };
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const keys = new IdempotencyKeys(this);
	return await runForEachItem(this, {
		errorDetails: failureDetails,
		read: (itemIndex) => readCreateInput(this, itemIndex),
		check: serviceCheck(this),
		send: async (input) => {
			if (input.action === 'place') return await placeOnce.call(this, keys, input);
			return await keys.releaseAsItem(input.idempotencyKey);
		},
	});
}
