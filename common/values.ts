/**
 * Plain values as users type them and as the panel sends them: recognising them, parsing them, and
 * describing them in error messages. The bottom layer: it imports nothing of the package.
 */
import type { IDataObject } from 'n8n-workflow';

/** A JSON object (not null, not a list). */
export function isRecord(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/** Text that is a plain decimal number, as the panel writes amounts and counts ("0.56", "-1"). */
export function isDecimalText(value: string): boolean {
	return DECIMAL_TEXT.test(value.trim());
}

/** A finite number, or numeric text (as an expression may give it); undefined for anything else. */
export function parseNumber(value: unknown): number | undefined {
	if (typeof value === 'string' && value.trim() === '') return undefined;
	const number = typeof value === 'number' || typeof value === 'string' ? Number(value) : NaN;
	return Number.isFinite(number) ? number : undefined;
}

const POSITIVE_WHOLE_NUMBER = /^[1-9]\d*$/;

/** A positive whole number (an order ID, a service ID, a limit), or undefined for anything else. */
export function parsePositiveInteger(value: unknown): number | undefined {
	if (typeof value === 'number') {
		return Number.isSafeInteger(value) && value > 0 ? value : undefined;
	}
	if (typeof value === 'string') {
		const text = value.trim();
		if (!POSITIVE_WHOLE_NUMBER.test(text)) return undefined;
		const number = Number(text);
		return Number.isSafeInteger(number) ? number : undefined;
	}
	return undefined;
}

/** A short, readable rendering of a value for an error message. */
export function describeValue(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (value === null) return 'null';
	if (typeof value === 'string') {
		const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
		return `"${shown}"`;
	}
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (Array.isArray(value)) return 'a list';
	return 'an object';
}
