import type { IDataObject, IExecuteFunctions, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { describeValue, parsePositiveInteger, parseOrderIdList } from './orderIds';
import { DEFAULT_RETRIES, DEFAULT_RETRY_WAIT_MS, MAX_RETRIES, MAX_RETRY_WAIT_MS } from './retry';
import { DEFAULT_TIMEOUT_SECONDS, type RequestSettings } from './transport';

/**
 * Readers of the node's parameters that refuse bad input with a message naming the field and the
 * item, before anything is sent.
 */

/**
 * The error for a bad parameter value: of one input item (`itemIndex`), or of the trigger, which
 * has no input items.
 */
export function invalidInput(
	context: IExecuteFunctions | IPollFunctions,
	label: string,
	itemIndex: number | undefined,
	problem: string,
): NodeOperationError {
	const where = itemIndex === undefined ? '' : ` in item ${itemIndex}`;
	const forItem = itemIndex === undefined ? '' : `, for item ${itemIndex}`;
	return new NodeOperationError(context.getNode(), `Invalid ${label}${where}: ${problem}`, {
		itemIndex,
		description: `Correct the "${label}" field, or the expression that fills it${forItem}.`,
	});
}

export function readPositiveInteger(
	this: IExecuteFunctions,
	parameter: string,
	label: string,
	itemIndex: number,
): number {
	const value = this.getNodeParameter(parameter, itemIndex, '');
	if (value === '' || value === null || value === undefined) {
		throw invalidInput(this, label, itemIndex, `the ${label} is missing`);
	}
	const number = parsePositiveInteger(value);
	if (number === undefined) {
		throw invalidInput(
			this,
			label,
			itemIndex,
			`${describeValue(value)} is not a positive whole number`,
		);
	}
	return number;
}

export function readOrderIdList(
	this: IExecuteFunctions,
	parameter: string,
	label: string,
	itemIndex: number,
): number[] {
	const parsed = parseOrderIdList(this.getNodeParameter(parameter, itemIndex, ''));
	if (!parsed.ok) throw invalidInput(this, label, itemIndex, parsed.reason);
	return parsed.ids;
}

// Deliberately plain: one @, no spaces, a dot in the domain. The panel makes the final check.
const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;
/** The longest address SMTP can deliver to (RFC 5321). */
const MAX_EMAIL_LENGTH = 254;
const NON_ASCII = /[^\x20-\x7e]/u;

export function readEmail(
	this: IExecuteFunctions,
	parameter: string,
	label: string,
	itemIndex: number,
): string {
	const value = this.getNodeParameter(parameter, itemIndex, '');
	if (value !== undefined && value !== null && typeof value !== 'string') {
		throw invalidInput(this, label, itemIndex, `${describeValue(value)} is not text`);
	}
	const email = (value ?? '').trim();
	if (email === '') throw invalidInput(this, label, itemIndex, `the ${label} is empty`);
	// A look-alike letter (Cyrillic "а" for Latin "a") or an invisible one would activate the
	// licence for an address the buyer does not own, so only plain ASCII addresses are sent.
	const foreign = NON_ASCII.exec(email)?.[0];
	if (foreign !== undefined) {
		const codePoint = `U+${foreign.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
		throw invalidInput(
			this,
			label,
			itemIndex,
			`${describeValue(email)} contains the character "${foreign}" (${codePoint}); only ASCII letters, digits and punctuation are accepted`,
		);
	}
	if (email.length > MAX_EMAIL_LENGTH) {
		throw invalidInput(
			this,
			label,
			itemIndex,
			`the address is ${email.length} characters long; at most ${MAX_EMAIL_LENGTH} are possible`,
		);
	}
	if (!EMAIL_ADDRESS.test(email)) {
		throw invalidInput(this, label, itemIndex, `${describeValue(email)} is not an e-mail address`);
	}
	return email;
}

export interface OperationOptions {
	/** Return the API's answer untouched. */
	raw: boolean;
	/** How this item's requests are made. */
	request: RequestSettings;
}

/** The Options collection of every operation (see optionsCollection in descriptions.ts). */
export function readOptions(this: IExecuteFunctions, itemIndex: number): OperationOptions {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const timeoutSeconds = readOptionNumber(options.timeout, DEFAULT_TIMEOUT_SECONDS);
	if (timeoutSeconds === undefined || timeoutSeconds <= 0) {
		throw invalidInput(
			this,
			'Timeout (Seconds)',
			itemIndex,
			`${describeValue(options.timeout)} is not a positive number of seconds`,
		);
	}
	const retries = readOptionNumber(options.retries, DEFAULT_RETRIES);
	if (retries === undefined || !Number.isInteger(retries) || retries < 0 || retries > MAX_RETRIES) {
		throw invalidInput(
			this,
			'Retries',
			itemIndex,
			`${describeValue(options.retries)} is not a whole number from 0 to ${MAX_RETRIES}`,
		);
	}
	const retryWaitMs = readOptionNumber(options.retryWait, DEFAULT_RETRY_WAIT_MS);
	if (retryWaitMs === undefined || retryWaitMs < 0 || retryWaitMs > MAX_RETRY_WAIT_MS) {
		throw invalidInput(
			this,
			'Retry Wait (Ms)',
			itemIndex,
			`${describeValue(options.retryWait)} is not a number of milliseconds from 0 to ${MAX_RETRY_WAIT_MS}`,
		);
	}
	return {
		raw: options.rawResponse === true,
		request: { itemIndex, timeoutSeconds, retries, retryWaitMs },
	};
}

/** A number option as a finite number (numeric text from an expression counts), else undefined. */
function readOptionNumber(value: unknown, fallback: number): number | undefined {
	return value === undefined ? fallback : parseNumber(value);
}

/** A finite number, or numeric text (as an expression may give it); undefined for anything else. */
export function parseNumber(value: unknown): number | undefined {
	if (typeof value === 'string' && value.trim() === '') return undefined;
	const number = typeof value === 'number' || typeof value === 'string' ? Number(value) : NaN;
	return Number.isFinite(number) ? number : undefined;
}
