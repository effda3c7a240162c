import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { describeValue, parsePositiveInteger, parseOrderIdList } from './orderIds';
import { DEFAULT_TIMEOUT_SECONDS, type RequestSettings } from './transport';

/**
 * Readers of the node's parameters that refuse bad input with a message naming the field and the
 * item, before anything is sent.
 */

function invalidInput(
	context: IExecuteFunctions,
	label: string,
	itemIndex: number,
	problem: string,
): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`Invalid ${label} in item ${itemIndex}: ${problem}`,
		{
			itemIndex,
			description: `Correct the "${label}" field, or the expression that fills it, for item ${itemIndex}.`,
		},
	);
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

export function readEmail(
	this: IExecuteFunctions,
	parameter: string,
	label: string,
	itemIndex: number,
): string {
	const value = this.getNodeParameter(parameter, itemIndex, '');
	const email = typeof value === 'string' ? value.trim() : '';
	if (email === '') {
		throw invalidInput(
			this,
			label,
			itemIndex,
			typeof value === 'string' ? `the ${label} is empty` : `${describeValue(value)} is not text`,
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
	const timeoutSeconds = Number(options.timeout ?? DEFAULT_TIMEOUT_SECONDS);
	if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
		throw invalidInput(
			this,
			'Timeout (Seconds)',
			itemIndex,
			`${describeValue(options.timeout)} is not a positive number of seconds`,
		);
	}
	return { raw: options.rawResponse === true, request: { itemIndex, timeoutSeconds } };
}
