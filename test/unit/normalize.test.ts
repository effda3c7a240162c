import { normalizeRecord } from '../../nodes/TzsmmPay/shared/normalize';

describe('normalizeRecord', () => {
	test('turns numeric strings of numeric fields into numbers', () => {
		expect(
			normalizeRecord({
				charge: '0.56',
				start_count: '3572',
				remains: '0',
				balance: '-1.50',
				rate: 0.5,
			}),
		).toEqual({ charge: 0.56, start_count: 3572, remains: 0, balance: -1.5, rate: 0.5 });
	});

	test('keeps values that are not numeric, and fields that are not numbers by nature', () => {
		expect(
			normalizeRecord({
				remains: 'Unknown',
				charge: '',
				name: '100',
				currency: 'USD',
				link: '123',
			}),
		).toEqual({ remains: 'Unknown', charge: '', name: '100', currency: 'USD', link: '123' });
	});

	test('leaves the record it was given unchanged', () => {
		const record = { charge: '1.00' };
		normalizeRecord(record);
		expect(record).toEqual({ charge: '1.00' });
	});
});
