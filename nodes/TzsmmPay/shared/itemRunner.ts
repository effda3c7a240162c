/**
 * The item runner: how every operation of the node goes over its input items. It runs in steps,
 * each over all items before the next begins, so that bad input stops the node before any request
 * is sent (and before any money is spent), and so that requests can be planned across items.
 * Each input item yields its results or, with Continue On Fail, exactly one error item, always
 * paired to it.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IPairedItemData,
} from 'n8n-workflow';
import * as n8nWorkflow from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { isRecord } from '../../../common/values';

/** What an operation does with its items, step by step, in the order the runner takes them. */
export interface ItemOperation<Input> {
	/** 1. Reads and checks one item's parameters; throws to refuse the item before anything is sent. */
	read(itemIndex: number): Input;
	/** 2. Checks one item against the panel (Create: is the service offered?). */
	check?(input: Input, itemIndex: number): Promise<void>;
	/**
	 * 3. Plans the requests of every item still standing, before any is sent: the status
	 * operations hand all their order IDs to the status pool here, so that 250 items cost 3
	 * requests and not 250.
	 */
	plan?(inputs: Input[]): void;
	/** 4. Sends one item's requests; each record it returns becomes an output item paired to it. */
	send(input: Input, itemIndex: number): Promise<IDataObject | IDataObject[]>;
	/** Details for the error item of any failed item (Continue On Fail), whichever step failed. */
	errorDetails?(error: NodeApiError | NodeOperationError): IDataObject;
}

type FailedItem = { ok: false; error: NodeApiError | NodeOperationError };
type ItemState<Input> = { ok: true; input: Input } | FailedItem;

export async function runForEachItem<Input>(
	context: IExecuteFunctions,
	operation: ItemOperation<Input>,
): Promise<INodeExecutionData[]> {
	const itemCount = context.getInputData().length;
	const continueOnFail = context.continueOnFail();

	/** An item's error: stops the node, or with Continue On Fail becomes that item's state. */
	const failed = (error: unknown, itemIndex: number): FailedItem => {
		const located = locateError(context, error, itemIndex);
		if (operation.errorDetails) addErrorItemDetails(located, operation.errorDetails(located));
		if (!continueOnFail) throw located;
		return { ok: false, error: located };
	};

	const items: Array<ItemState<Input>> = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			items.push({ ok: true, input: operation.read(itemIndex) });
		} catch (error) {
			items.push(failed(error, itemIndex));
		}
	}

	if (operation.check) {
		for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
			const item = items[itemIndex];
			if (!item.ok) continue;
			try {
				await operation.check(item.input, itemIndex);
			} catch (error) {
				items[itemIndex] = failed(error, itemIndex);
			}
		}
	}

	operation.plan?.(items.flatMap((item) => (item.ok ? [item.input] : [])));

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const pairedItem = { item: itemIndex };
		const item = items[itemIndex];
		if (!item.ok) {
			output.push(errorItem(context, item.error, pairedItem));
			continue;
		}
		try {
			const result = await operation.send(item.input, itemIndex);
			for (const json of Array.isArray(result) ? result : [result]) {
				output.push({ json, pairedItem });
			}
		} catch (error) {
			output.push(errorItem(context, failed(error, itemIndex).error, pairedItem));
		}
	}
	return output;
}

/** Where an operation puts the details it adds to an item's error item, in the error's context. */
const ERROR_ITEM_DETAILS = 'errorItemDetails';

/**
 * Adds details to the item that stands for this error with Continue On Fail, so that a workflow can
 * branch on them (an IF on a field, not on the wording of a message).
 */
export function addErrorItemDetails(
	error: NodeApiError | NodeOperationError,
	details: IDataObject,
): void {
	const earlier = error.context[ERROR_ITEM_DETAILS];
	error.context[ERROR_ITEM_DETAILS] = { ...(isRecord(earlier) ? earlier : {}), ...details };
}

/**
 * Whether the running n8n sends an error item that carries `details` to the error output (On Error:
 * Continue (using error output)). n8n 2 does: it routes an item whose json holds only `error`,
 * `message` and `details`. n8n 1 routes only `error` alone or with `message`, and puts any other
 * item on the success output. n8n-workflow's major version is n8n's, and only version 2 exports
 * NodeVersionNotFoundError.
 */
const errorOutputTakesDetails = 'NodeVersionNotFoundError' in n8nWorkflow;

/**
 * The item for a failed input item with Continue On Fail: `error`, its message, and `details` when
 * the operation gave some, so that a workflow can branch on them. On n8n 1's error output an item
 * must be `error` alone to be routed there, so it goes without its details.
 */
function errorItem(
	context: IExecuteFunctions,
	error: NodeApiError | NodeOperationError,
	pairedItem: IPairedItemData,
): INodeExecutionData {
	const details = error.context[ERROR_ITEM_DETAILS];
	const json: IDataObject = { error: error.message };
	const toErrorOutput = context.getNode().onError === 'continueErrorOutput';
	if (isRecord(details) && (errorOutputTakesDetails || !toErrorOutput)) json.details = details;
	return { json, pairedItem };
}

/** The error as one of n8n's node errors that names the item it belongs to. */
function locateError(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}
