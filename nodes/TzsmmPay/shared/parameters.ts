/**
 * Reading the nodes' parameters: each reader refuses a bad value with an error that names the field
 * and the item, before anything is sent. They serve the node (one value per input item) and the
 * trigger (one value, no items) alike.
 */
import type { IExecuteFunctions, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { describeValue, parsePositiveInteger } from '../../../common/values';

/** The node's run or the trigger's poll. */
export type ParameterContext = IExecuteFunctions | IPollFunctions;

/**
 * The error for a bad parameter value: of one input item (`itemIndex`), or of the trigger, which
 * has no input items.
 */
export function invalidInput(
	context: ParameterContext,
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

/**
 * A parameter's value for one input item of the node, or the trigger's one value; of a resource
 * locator (the Service), the ID it holds, whichever mode it is in.
 */
export function parameterValue(
	context: ParameterContext,
	parameter: string,
	itemIndex: number | undefined,
): unknown {
	return 'getInputData' in context
		? context.getNodeParameter(parameter, itemIndex ?? 0, '', { extractValue: true })
		: context.getNodeParameter(parameter, '', { extractValue: true });
}

/** A positive whole number (an ID, a limit); a missing value is refused like a wrong one. */
export function readPositiveInteger(
	context: ParameterContext,
	parameter: string,
	label: string,
	itemIndex: number | undefined,
): number {
	const value = parameterValue(context, parameter, itemIndex);
	if (value === '' || value === null || value === undefined) {
		throw invalidInput(context, label, itemIndex, `the ${label} is missing`);
	}
	const number = parsePositiveInteger(value);
	if (number === undefined) {
		throw invalidInput(
			context,
			label,
			itemIndex,
			`${describeValue(value)} is not a positive whole number`,
		);
	}
	return number;
}

// Deliberately plain: one @, no spaces, a dot in the domain. The panel makes the final check.
const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;
/** The longest address SMTP can deliver to (RFC 5321). */
const MAX_EMAIL_LENGTH = 254;
const NON_ASCII = /[^\x20-\x7e]/u;

export function readEmail(
	context: ParameterContext,
	parameter: string,
	label: string,
	itemIndex: number | undefined,
): string {
	const value = parameterValue(context, parameter, itemIndex);
	if (value !== undefined && value !== null && typeof value !== 'string') {
		throw invalidInput(context, label, itemIndex, `${describeValue(value)} is not text`);
	}
	const email = (value ?? '').trim();
	if (email === '') throw invalidInput(context, label, itemIndex, `the ${label} is empty`);
	// A look-alike letter (Cyrillic "а" for Latin "a") or an invisible one would activate the
	// licence for an address the buyer does not own, so only plain ASCII addresses are sent.
	const foreign = NON_ASCII.exec(email)?.[0];
	if (foreign !== undefined) {
		const codePoint = `U+${foreign.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
		throw invalidInput(
			context,
			label,
			itemIndex,
			`${describeValue(email)} contains the character "${foreign}" (${codePoint}); only ASCII letters, digits and punctuation are accepted`,
		);
	}
	if (email.length > MAX_EMAIL_LENGTH) {
		throw invalidInput(
			context,
			label,
			itemIndex,
			`the address is ${email.length} characters long; at most ${MAX_EMAIL_LENGTH} are possible`,
		);
	}
	if (!EMAIL_ADDRESS.test(email)) {
		throw invalidInput(
			context,
			label,
			itemIndex,
			`${describeValue(email)} is not an e-mail address`,
		);
	}
	return email;
}

/** How many keys a workflow remembers unless Create's Idempotency Keys Kept option says otherwise. */
export const DEFAULT_KEYS_KEPT = 10_000;

/** Longer keys are almost always an expression that returns a whole object or page. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/**
 * The key as text, undefined for an empty one (no guard), or the reason it is refused: only text
 * and numbers are keys, so an expression that returns an object or a list is a mistake.
 */
function parseIdempotencyKey(
	value: unknown,
): { ok: true; key: string | undefined } | { ok: false; reason: string } {
	if (value === undefined || value === null) return { ok: true, key: undefined };
	if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, key: String(value) };
	if (typeof value !== 'string') {
		return { ok: false, reason: `${describeValue(value)} is not text or a number` };
	}
	const key = value.trim();
	if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
		return {
			ok: false,
			reason: `the key is ${key.length} characters long; at most ${MAX_IDEMPOTENCY_KEY_LENGTH} are accepted`,
		};
	}
	return { ok: true, key: key === '' ? undefined : key };
}

/** An item's Idempotency Key (the field labelled so), checked: undefined when empty (no guard). */
export function readIdempotencyKey(
	context: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
): string | undefined {
	const parsed = parseIdempotencyKey(value);
	if (!parsed.ok) throw invalidInput(context, 'Idempotency Key', itemIndex, parsed.reason);
	return parsed.key;
}

/** An item's Idempotency Key where one is needed: as readIdempotencyKey, but an empty one is refused. */
export function readRequiredIdempotencyKey(
	context: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	whyNeeded: string,
): string {
	const key = readIdempotencyKey(context, value, itemIndex);
	if (key !== undefined) return key;
	throw invalidInput(context, 'Idempotency Key', itemIndex, `the key is empty, ${whyNeeded}`);
}

/** An item's Idempotency Key to release. */
export function readKeyToRelease(
	context: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
): string {
	return readRequiredIdempotencyKey(context, value, itemIndex, 'so there is nothing to release');
}

/** Create's Idempotency Keys Kept option: a positive whole number, by default DEFAULT_KEYS_KEPT. */
export function readKeysKept(
	context: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
): number {
	if (value === undefined) return DEFAULT_KEYS_KEPT;
	const keysKept = parsePositiveInteger(value);
	if (keysKept !== undefined) return keysKept;
	throw invalidInput(
		context,
		'Idempotency Keys Kept',
		itemIndex,
		`${describeValue(value)} is not a positive whole number`,
	);
}
