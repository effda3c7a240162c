import {
	decideRetry,
	parseRetryAfter,
	retryPolicyFor,
} from '../../nodes/TzsmmPay/shared/transport/retry';

describe('retryPolicyFor', () => {
	test('gives read-only actions the retries asked for', () => {
		expect(retryPolicyFor('status', { retries: 5, retryWaitMs: 200 })).toEqual({
			retries: 5,
			firstWaitMs: 200,
			rateLimitWaitMs: 60_000,
			onlyAfterRateLimit: false,
		});
		expect(retryPolicyFor('services')).toEqual({
			retries: 3,
			firstWaitMs: 1000,
			rateLimitWaitMs: 60_000,
			onlyAfterRateLimit: false,
		});
	});

	test('sends add again only after a 429, whatever was asked', () => {
		expect(retryPolicyFor('add', { retries: 0, retryWaitMs: 200, rateLimitWaitMs: 5000 })).toEqual({
			retries: 3,
			firstWaitMs: 0,
			rateLimitWaitMs: 5000,
			onlyAfterRateLimit: true,
		});
	});
});

describe('decideRetry', () => {
	const policy = retryPolicyFor('status', { retries: 3, retryWaitMs: 500 });
	const unavailable = { httpCode: 503 };
	const limited = { httpCode: 429 };

	test('backs off exponentially from the first wait after a 5xx or a reset', () => {
		expect([1, 2, 3].map((attempts) => decideRetry(policy, attempts, unavailable))).toEqual([
			{ retry: true, waitMs: 500, rateLimited: false },
			{ retry: true, waitMs: 1000, rateLimited: false },
			{ retry: true, waitMs: 2000, rateLimited: false },
		]);
		expect(decideRetry(policy, 1, {})).toEqual({ retry: true, waitMs: 500, rateLimited: false });
	});

	test('stops once the retries are used up', () => {
		expect(decideRetry(policy, 4, unavailable)).toEqual({ retry: false });
		expect(decideRetry(policy, 4, limited)).toEqual({ retry: false });
		expect(decideRetry({ ...policy, retries: 0 }, 1, { httpCode: 429, retryAfter: '1' })).toEqual({
			retry: false,
		});
	});

	test('waits what Retry-After asks instead of the backoff', () => {
		expect(decideRetry(policy, 1, { httpCode: 503, retryAfter: '7' })).toEqual({
			retry: true,
			waitMs: 7000,
			rateLimited: false,
		});
		expect(decideRetry(policy, 3, { httpCode: 429, retryAfter: '0' })).toEqual({
			retry: true,
			waitMs: 0,
			rateLimited: true,
		});
	});

	test('waits out the panel’s window of a minute after a 429 without Retry-After', () => {
		expect([1, 2, 3].map((attempts) => decideRetry(policy, attempts, limited))).toEqual([
			{ retry: true, waitMs: 60_000, rateLimited: true },
			{ retry: true, waitMs: 60_000, rateLimited: true },
			{ retry: true, waitMs: 60_000, rateLimited: true },
		]);
	});

	test('never waits longer than the Rate Limit Wait after a 429', () => {
		const shortWait = { ...policy, rateLimitWaitMs: 5000 };
		expect(decideRetry(shortWait, 1, limited)).toEqual({
			retry: true,
			waitMs: 5000,
			rateLimited: true,
		});
		expect(decideRetry(shortWait, 1, { httpCode: 429, retryAfter: '6' })).toEqual({
			retry: false,
			reason:
				'TZSMM Pay asked to wait 6 seconds before the next request, longer than the Rate Limit Wait of 5 seconds',
		});
		expect(decideRetry({ ...policy, rateLimitWaitMs: 0 }, 1, limited)).toEqual({
			retry: false,
			reason: 'the Rate Limit Wait is 0 seconds',
		});
	});

	test('lets a longer Rate Limit Wait honour a longer Retry-After', () => {
		const longWait = { ...policy, rateLimitWaitMs: 300_000 };
		expect(decideRetry(longWait, 1, { httpCode: 429, retryAfter: '120' })).toEqual({
			retry: true,
			waitMs: 120_000,
			rateLimited: true,
		});
	});

	test('gives up with a reason when a 5xx’s Retry-After asks for more than a minute', () => {
		expect(decideRetry(policy, 1, { httpCode: 503, retryAfter: '61' })).toEqual({
			retry: false,
			reason: 'TZSMM Pay asked to wait 61 seconds before the next request',
		});
	});

	test('never waits more than a minute for its own backoff', () => {
		expect(decideRetry({ ...policy, retries: 10, firstWaitMs: 30_000 }, 5, unavailable)).toEqual({
			retry: true,
			waitMs: 60_000,
			rateLimited: false,
		});
	});

	test('sends add again after a 429 only: any other failure may have placed the order', () => {
		const add = retryPolicyFor('add');
		expect(decideRetry(add, 1, limited)).toEqual({
			retry: true,
			waitMs: 60_000,
			rateLimited: true,
		});
		expect(decideRetry(add, 1, { httpCode: 429, retryAfter: '2' })).toEqual({
			retry: true,
			waitMs: 2000,
			rateLimited: true,
		});
		for (const failure of [unavailable, { httpCode: 502 }, { httpCode: 504 }, {}]) {
			expect(decideRetry(add, 1, failure)).toEqual({ retry: false });
		}
		expect(decideRetry(add, 4, limited)).toEqual({ retry: false });
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
