/** The node's output records: the panel's answers with the numbers it sends as text made numbers. */
import type { IDataObject } from 'n8n-workflow';

import { isDecimalText } from './values';

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
	const normalized: IDataObject = {};
	for (const [field, value] of Object.entries(record)) {
		normalized[field] =
			NUMERIC_FIELDS.has(field) && typeof value === 'string' && isDecimalText(value)
				? Number(value)
				: value;
	}
	return normalized;
}
