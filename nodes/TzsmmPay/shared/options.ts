/**
 * The Options collection every operation of the node has: its fields (Raw Response, Rate Limit
 * Wait, Timeout, and for read-only operations Retries and Retry Wait, beside the operation's own)
 * and their reader.
 */
import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeProperties,
} from 'n8n-workflow';

import { invalidInput } from './parameters';
import {
	DEFAULT_RATE_LIMIT_WAIT_SECONDS,
	DEFAULT_RETRIES,
	DEFAULT_RETRY_WAIT_MS,
	MAX_RATE_LIMIT_WAIT_SECONDS,
	MAX_RETRIES,
	MAX_RETRY_WAIT_MS,
} from './transport/retry';
import { DEFAULT_TIMEOUT_SECONDS, type RequestSettings } from './transport/types';
import { describeValue, parseNumber } from '../../../common/values';

/** Where the collection shows: its resource and operation, and whether the node runs as a tool. */
type DisplayCondition = NonNullable<IDisplayOptions['show']> & {
	resource: string[];
	operation: string[];
};

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
 * The Options collection of an operation. `readOptions` reads the common options; `ownOptions` are
 * the operation's own (read by the operation), listed with them by label.
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
		{
			displayName: 'Rate Limit Wait (Seconds)',
			name: 'rateLimitWait',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: MAX_RATE_LIMIT_WAIT_SECONDS, numberPrecision: 0 },
			default: DEFAULT_RATE_LIMIT_WAIT_SECONDS,
			description: readOnly
				? "The longest wait before sending a request again after TZSMM Pay answered 429 (too many requests): its Retry-After, or without one the panel's window of a minute. A longer Retry-After, or 0, fails the item. Set Requests per Minute in the credential to avoid 429s altogether."
				: "The longest wait before sending the order again after TZSMM Pay answered 429 (too many requests), which means that nothing was ordered: its Retry-After, or without one the panel's window of a minute. A longer Retry-After, or 0, fails the item. Set Requests per Minute in the credential to avoid 429s altogether.",
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

export interface OperationOptions {
	/** Return the API's answer untouched. */
	raw: boolean;
	/** How this item's requests are made. */
	request: RequestSettings;
}

/** The common options of one item, checked. */
export function readOptions(context: IExecuteFunctions, itemIndex: number): OperationOptions {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const timeoutSeconds = readOptionNumber(options.timeout, DEFAULT_TIMEOUT_SECONDS);
	if (timeoutSeconds === undefined || timeoutSeconds <= 0) {
		throw invalidInput(
			context,
			'Timeout (Seconds)',
			itemIndex,
			`${describeValue(options.timeout)} is not a positive number of seconds`,
		);
	}
	const retries = readOptionNumber(options.retries, DEFAULT_RETRIES);
	if (retries === undefined || !Number.isInteger(retries) || retries < 0 || retries > MAX_RETRIES) {
		throw invalidInput(
			context,
			'Retries',
			itemIndex,
			`${describeValue(options.retries)} is not a whole number from 0 to ${MAX_RETRIES}`,
		);
	}
	const retryWaitMs = readOptionNumber(options.retryWait, DEFAULT_RETRY_WAIT_MS);
	if (retryWaitMs === undefined || retryWaitMs < 0 || retryWaitMs > MAX_RETRY_WAIT_MS) {
		throw invalidInput(
			context,
			'Retry Wait (Ms)',
			itemIndex,
			`${describeValue(options.retryWait)} is not a number of milliseconds from 0 to ${MAX_RETRY_WAIT_MS}`,
		);
	}
	const rateLimitWaitSeconds = readOptionNumber(
		options.rateLimitWait,
		DEFAULT_RATE_LIMIT_WAIT_SECONDS,
	);
	if (
		rateLimitWaitSeconds === undefined ||
		rateLimitWaitSeconds < 0 ||
		rateLimitWaitSeconds > MAX_RATE_LIMIT_WAIT_SECONDS
	) {
		throw invalidInput(
			context,
			'Rate Limit Wait (Seconds)',
			itemIndex,
			`${describeValue(options.rateLimitWait)} is not a number of seconds from 0 to ${MAX_RATE_LIMIT_WAIT_SECONDS}`,
		);
	}
	return {
		raw: options.rawResponse === true,
		request: {
			itemIndex,
			timeoutSeconds,
			retries,
			retryWaitMs,
			rateLimitWaitMs: rateLimitWaitSeconds * 1000,
		},
	};
}

/** A number option as a finite number (numeric text from an expression counts), else undefined. */
function readOptionNumber(value: unknown, fallback: number): number | undefined {
	return value === undefined ? fallback : parseNumber(value);
}
