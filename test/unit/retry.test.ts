import {
	decideRetry,
	parseRetryAfter,
	retryPolicyFor,
} from '../../nodes/TzsmmPay/shared/transport/retry';

describe('retryPolicyFor', () => {
	test('gives read-only actions the retries asked for', () => {
		expect(retryPolicyFor('status', 5, 200)).toEqual({ retries: 5, firstWaitMs: 200 });
		expect(retryPolicyFor('services')).toEqual({ retries: 3, firstWaitMs: 1000 });
	});

	test('never lets add be sent again, whatever was asked', () => {
		expect(retryPolicyFor('add', 5, 200)).toEqual({ retries: 0, firstWaitMs: 0 });
	});
});

describe('decideRetry', () => {
	const policy = { retries: 3, firstWaitMs: 500 };

	test('backs off exponentially from the first wait', () => {
		expect([1, 2, 3].map((attempts) => decideRetry(policy, attempts, undefined))).toEqual([
			{ retry: true, waitMs: 500 },
			{ retry: true, waitMs: 1000 },
			{ retry: true, waitMs: 2000 },
		]);
	});

	test('stops once the retries are used up', () => {
		expect(decideRetry(policy, 4, undefined)).toEqual({ retry: false });
		expect(decideRetry({ retries: 0, firstWaitMs: 500 }, 1, '1')).toEqual({ retry: false });
	});

	test('waits what Retry-After asks instead of the backoff', () => {
		expect(decideRetry(policy, 1, '7')).toEqual({ retry: true, waitMs: 7000 });
		expect(decideRetry(policy, 3, '0')).toEqual({ retry: true, waitMs: 0 });
	});

	test('gives up with a reason when Retry-After asks for more than a minute', () => {
		expect(decideRetry(policy, 1, '61')).toEqual({
			retry: false,
			reason: 'TZSMM Pay asked to wait 61 seconds before the next request',
		});
	});

	test('never waits more than a minute for its own backoff', () => {
		expect(decideRetry({ retries: 10, firstWaitMs: 30_000 }, 5, undefined)).toEqual({
			retry: true,
			waitMs: 60_000,
		});
	});
});

describe('parseRetryAfter', () => {
	const now = Date.parse('2026-11-26T12:00:00Z');

	test('reads delay-seconds', () => {
		expect(parseRetryAfter('120', now)).toBe(120_000);
		expect(parseRetryAfter(' 3 ', now)).toBe(3000);
	});

	test('reads an HTTP date as the time left until then', () => {
		expect(parseRetryAfter('Thu, 26 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
		expect(parseRetryAfter('Thu, 26 Nov 2026 11:00:00 GMT', now)).toBe(0);
	});

	test('ignores what it cannot read', () => {
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(parseRetryAfter('-5', now)).toBeUndefined();
	});
});
