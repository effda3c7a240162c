/** The node's output records: the panel's answers with the numbers it sends as text made numbers. */
import type { IDataObject } from 'n8n-workflow';

import { isDecimalText } from '../../../common/values';

/** Fields the API documents as numbers but often sends as strings ("0.56", "3572"). */
const NUMERIC_FIELDS = new Set([
	'service',
	'order',
	'min',
	'max',
	'rate',
	'charge',
	'start_count',
	'remains',
	'balance',
]);

/** A copy of the record with numeric strings of numeric fields made numbers; "Unknown" stays. */
export function normalizeRecord(record: IDataObject): IDataObject {
	return copyNormalized(record, {});
}

/**
 * The record's fields, normalized as by normalizeRecord, copied into `into` after its own fields.
 * It runs once per order of a list of 10,000, so it copies in one pass into the object the caller
 * returns.
 */
export function copyNormalized(record: IDataObject, into: IDataObject): IDataObject {
	for (const field of Object.keys(record)) {
		const value = record[field];
		into[field] =
			typeof value === 'string' && NUMERIC_FIELDS.has(field) && isDecimalText(value)
				? Number(value)
				: value;
	}
	return into;
}
