import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_RETRIES, DEFAULT_RETRY_WAIT_MS, MAX_RETRIES, MAX_RETRY_WAIT_MS } from './retry';
import { DEFAULT_TIMEOUT_SECONDS } from './transport';

type DisplayCondition = { resource: string[]; operation: string[] };

/**
 * The Order IDs field of Get Many Statuses and of the trigger's Order Status Changed event: one
 * way to give a list of orders everywhere (parsed by parseOrderIdList in orderIds.ts).
 */
export function orderIdListProperty(
	show: Record<string, string[]>,
	description: string,
): INodeProperties {
	return {
		displayName: 'Order IDs',
		name: 'orderIds',
		type: 'string',
		typeOptions: { rows: 2 },
		required: true,
		default: '',
		placeholder: '132, 130, 8',
		description,
		displayOptions: { show },
	};
}

/** Offered only by read-only operations: Create is never sent twice. */
const retryOptions: INodeProperties[] = [
	{
		displayName: 'Retries',
		name: 'retries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MAX_RETRIES, numberPrecision: 0 },
		default: DEFAULT_RETRIES,
		description:
			'How many times to send a request again when TZSMM Pay answers 429 (too many requests), 502, 503 or 504, or drops the connection. 0 turns retries off.',
	},
	{
		displayName: 'Retry Wait (Ms)',
		name: 'retryWait',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MAX_RETRY_WAIT_MS },
		default: DEFAULT_RETRY_WAIT_MS,
		description:
			'How long to wait before the first retry; the wait doubles for each further retry. A Retry-After header from TZSMM Pay takes precedence.',
	},
];

/**
 * The Options collection of every operation. `readOptions` in input.ts reads the common ones;
 * `ownOptions` are the operation's own (read by the operation), listed with them by label.
 */
export function optionsCollection(
	show: DisplayCondition,
	{ readOnly, ownOptions = [] }: { readOnly: boolean; ownOptions?: INodeProperties[] },
): INodeProperties {
	const options: INodeProperties[] = [
		{
			displayName: 'Raw Response',
			name: 'rawResponse',
			type: 'boolean',
			default: false,
			description:
				'Whether to return the response of TZSMM Pay untouched: numbers stay strings as the API sent them and no fields are added',
		},
		...(readOnly ? retryOptions : []),
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_TIMEOUT_SECONDS,
			description: 'How long to wait for TZSMM Pay to answer each request',
		},
		...ownOptions,
	];
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: options.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}
