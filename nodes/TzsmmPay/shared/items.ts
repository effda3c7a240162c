import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

type ItemInput<Input> = { ok: true; input: Input } | { ok: false; error: Error };

/**
 * Runs an operation over every input item in passes: first every item's parameters are read and
 * checked, so that bad input stops the node before any request (and before any money is spent);
 * then `check`, if given, checks each item against the panel (Create: is the service offered?);
 * then the requests are sent, item by item. Each input item yields its results or, with Continue
 * On Fail, exactly one error item, always paired to it.
 */
export async function runForEachItem<Input>(
	context: IExecuteFunctions,
	readInput: (itemIndex: number) => Input,
	send: (input: Input) => Promise<IDataObject | IDataObject[]>,
	check?: (input: Input, itemIndex: number) => Promise<void>,
): Promise<INodeExecutionData[]> {
	const itemCount = context.getInputData().length;
	const continueOnFail = context.continueOnFail();

	const inputs: Array<ItemInput<Input>> = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			inputs.push({ ok: true, input: readInput(itemIndex) });
		} catch (error) {
			const located = locateError(context, error, itemIndex);
			if (!continueOnFail) throw located;
			inputs.push({ ok: false, error: located });
		}
	}

	if (check) {
		for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
			const item = inputs[itemIndex];
			if (!item.ok) continue;
			try {
				await check(item.input, itemIndex);
			} catch (error) {
				const located = locateError(context, error, itemIndex);
				if (!continueOnFail) throw located;
				inputs[itemIndex] = { ok: false, error: located };
			}
		}
	}

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const pairedItem = { item: itemIndex };
		const item = inputs[itemIndex];
		if (!item.ok) {
			output.push({ json: { error: item.error.message }, pairedItem });
			continue;
		}
		try {
			const result = await send(item.input);
			for (const json of Array.isArray(result) ? result : [result]) {
				output.push({ json, pairedItem });
			}
		} catch (error) {
			const located = locateError(context, error, itemIndex);
			if (!continueOnFail) throw located;
			output.push({ json: { error: located.message }, pairedItem });
		}
	}
	return output;
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
