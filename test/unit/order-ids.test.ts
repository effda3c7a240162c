import { parseOrderIdList } from '../../nodes/TzsmmPay/shared/orderIds';
import { parsePositiveInteger } from '../../common/values';

describe('parsePositiveInteger', () => {
	test.each([
		[23501, 23501],
		['23501', 23501],
		[' 42 ', 42],
	])('reads %p as %p', (value, id) => {
		expect(parsePositiveInteger(value)).toBe(id);
	});

	test.each(
		[
			0,
			-1,
			1.5,
			Number.NaN,
			'',
			' ',
			'0',
			'-1',
			'1.5',
			'1e3',
			'12abc',
			'9007199254740993',
			null,
			undefined,
			true,
			{},
			[],
		].map((value) => [value]),
	)('refuses %p', (value) => {
		expect(parsePositiveInteger(value)).toBeUndefined();
	});
});

describe('parseOrderIdList', () => {
	test('splits on commas, semicolons, spaces and new lines, skipping blanks', () => {
		expect(parseOrderIdList(' 3,1;\n\n2 ,, 5\t4 ')).toEqual({ ok: true, ids: [3, 1, 2, 5, 4] });
	});

	test('keeps the first of repeated IDs, in the order given', () => {
		expect(parseOrderIdList('7, 3, 7, 1, 3')).toEqual({ ok: true, ids: [7, 3, 1] });
	});

	test('accepts arrays of numbers and of texts, and a single number', () => {
		expect(parseOrderIdList([5, '6', '7, 8'])).toEqual({ ok: true, ids: [5, 6, 7, 8] });
		expect(parseOrderIdList(9)).toEqual({ ok: true, ids: [9] });
	});

	test.each([
		['', 'no order ID was given'],
		[[], 'no order ID was given'],
		['1, two, 3', '"two" is not an order ID (a positive whole number)'],
		[[1, null], 'null is not an order ID (a positive whole number)'],
		[true, 'expected a list of order IDs, got true'],
	])('refuses %p: %s', (value, reason) => {
		expect(parseOrderIdList(value)).toEqual({ ok: false, reason });
	});
});
