/**
 * The Order IDs field, as Get Many Statuses and the trigger's Order Status Changed event both show
 * and read it: one way to give a list of orders everywhere.
 */
import type { INodeProperties } from 'n8n-workflow';

import { parseOrderIdList } from './orderIds';
import { invalidInput, parameterValue, type ParameterContext } from './parameters';

const NAME = 'orderIds';
const LABEL = 'Order IDs';

export function orderIdListProperty(
	show: Record<string, string[]>,
	description: string,
): INodeProperties {
	return {
		displayName: LABEL,
		name: NAME,
		type: 'string',
		typeOptions: { rows: 2 },
		required: true,
		default: '',
		placeholder: 'e.g. 132, 130, 8',
		description,
		displayOptions: { show },
	};
}

/** The unique IDs of the field, for one input item of the node or for the trigger. */
export function readOrderIdList(
	context: ParameterContext,
	itemIndex: number | undefined,
): number[] {
	const parsed = parseOrderIdList(parameterValue(context, NAME, itemIndex));
	if (!parsed.ok) throw invalidInput(context, LABEL, itemIndex, parsed.reason);
	return parsed.ids;
}
