/**
 * Lists of order IDs as users give them: a number, a numeric string, a list typed into a field
 * (separated by commas, spaces or new lines), or an array from an expression.
 */
import { describeValue, parsePositiveInteger } from '../../../common/values';

export type OrderIdsResult = { ok: true; ids: number[] } | { ok: false; reason: string };

/**
 * The most order IDs one item may ask for: 100 requests to the panel, already more than many
 * panels allow a key in a minute. Longer lists are almost always a mistake in an expression.
 */
const MAX_ORDER_IDS_PER_ITEM = 10_000;

/** Unique order IDs in the order first given; blanks between separators are skipped. */
export function parseOrderIdList(value: unknown): OrderIdsResult {
	let tokens: unknown[];
	if (Array.isArray(value)) {
		tokens = value.flatMap((entry) => (typeof entry === 'string' ? splitIdText(entry) : [entry]));
	} else if (typeof value === 'string') {
		tokens = splitIdText(value);
	} else if (typeof value === 'number') {
		tokens = [value];
	} else {
		return { ok: false, reason: `expected a list of order IDs, got ${describeValue(value)}` };
	}

	const ids: number[] = [];
	const seen = new Set<number>();
	for (const token of tokens) {
		const id = parsePositiveInteger(token);
		if (id === undefined) {
			return {
				ok: false,
				reason: `${describeValue(token)} is not an order ID (a positive whole number)`,
			};
		}
		if (!seen.has(id)) {
			seen.add(id);
			ids.push(id);
		}
	}
	if (ids.length === 0) return { ok: false, reason: 'no order ID was given' };
	if (ids.length > MAX_ORDER_IDS_PER_ITEM) {
		return {
			ok: false,
			reason: `${ids.length} order IDs were given; at most ${MAX_ORDER_IDS_PER_ITEM} can be checked per item`,
		};
	}
	return { ok: true, ids };
}

function splitIdText(text: string): string[] {
	return text.split(/[\s,;]+/).filter((token) => token !== '');
}
