/**
 * How requests are sent again after a transient fault: bounded, with backoff, honouring the
 * panel's Retry-After, waiting out its window after a 429 without one, and for `add` only after a
 * 429. (Every fault against every operation is in every-fault.test.ts; pacing under the
 * credential's Requests per Minute is in rate-limits.test.ts; this file is about the waiting.)
 */
import { createSandbox } from '../../sandbox/server';
import { useTzsmmPayNode } from '../harness/node';
import getBalance from '../account/fixtures/get-balance.json';
import create from '../order/fixtures/create.json';
import getStatus from '../order/fixtures/get-status.json';

const { sandbox, run } = useTzsmmPayNode();

/** Milliseconds between consecutive requests (of one action), as the sandbox received them. */
const gapsBetweenRequests = (action?: string) => {
	const requests = action ? sandbox.requestsFor(action) : sandbox.state.requests;
	return requests.slice(1).map((request, index) => request.at - requests[index].at);
};

describe('A read-only request that meets a transient fault', () => {
	test('is sent again and succeeds when the fault has passed', async () => {
		sandbox.queueFault('badGateway', 'connectionReset');

		const result = await run(getBalance, { parameters: { options: { retryWait: 1 } } });

		expect(result.json).toEqual([{ balance: 25, currency: 'USD' }]);
		expect(sandbox.state.requests.map((request) => request.fault)).toEqual([
			'badGateway',
			'connectionReset',
			null,
		]);
	});

	test('waits as long as Retry-After asks before it is sent again', async () => {
		sandbox.state.retryAfterSeconds = 1;
		sandbox.queueFault('tooManyRequests');

		const result = await run(getBalance, { parameters: { options: { retryWait: 1 } } });

		expect(result.json).toEqual([{ balance: 25, currency: 'USD' }]);
		expect(sandbox.state.requests).toHaveLength(2);
		expect(gapsBetweenRequests()[0]).toBeGreaterThanOrEqual(1000);
	});

	test('after a 429 without Retry-After, waits out the panel’s window, cut to the Rate Limit Wait', async () => {
		sandbox.queueFault('tooManyRequestsWithoutRetryAfter');

		const result = await run(getBalance, { parameters: { options: { rateLimitWait: 1 } } });

		expect(result.json).toEqual([{ balance: 25, currency: 'USD' }]);
		expect(sandbox.state.requests).toHaveLength(2);
		expect(gapsBetweenRequests()[0]).toBeGreaterThanOrEqual(1000);
		expect(result.result.logs).toContainEqual(
			expect.stringMatching(
				/^debug TZSMM Pay is limiting requests \(HTTP 429 Too Many Requests\); TZSMM Pay action "balance" is sent again in 1000 ms/,
			),
		);
	});

	test('without Retry-After, waits the Retry Wait and doubles it for each further retry', async () => {
		sandbox.queueFault('serviceUnavailable', 'serviceUnavailable', 'serviceUnavailable');

		const result = await run(getBalance, { parameters: { options: { retryWait: 100 } } });

		expect(result.json).toEqual([{ balance: 25, currency: 'USD' }]);
		const [first, second, third] = gapsBetweenRequests();
		expect(first).toBeGreaterThanOrEqual(100);
		expect(second).toBeGreaterThanOrEqual(200);
		expect(third).toBeGreaterThanOrEqual(400);
	});

	test('is sent at most Retries more times, then fails saying how often it was tried', async () => {
		sandbox.injectFaults({ kinds: ['gatewayTimeout'] });

		const result = await run(getStatus, {
			input: [{ order: 23501 }],
			parameters: { options: { retries: 2, retryWait: 1 } },
		});

		expect(result.error.message).toBe(
			'TZSMM Pay is temporarily unavailable (HTTP 504); gave up after 3 attempts',
		);
		expect(sandbox.requestsFor('status')).toHaveLength(3);
	});

	test('is sent once when Retries is 0', async () => {
		sandbox.injectFaults({ kinds: ['tooManyRequestsWithoutRetryAfter'] });

		const result = await run(getBalance, { parameters: { options: { retries: 0 } } });

		expect(result.error.message).toBe(
			'TZSMM Pay is limiting requests (HTTP 429 Too Many Requests)',
		);
		expect(sandbox.state.requests).toHaveLength(1);
	});

	test('fails at once when Retry-After asks for more than the Rate Limit Wait (a minute)', async () => {
		sandbox.state.retryAfterSeconds = 3600;
		sandbox.queueFault('tooManyRequests');

		const result = await run(getBalance);

		expect(result.error.message).toBe(
			'TZSMM Pay is limiting requests (HTTP 429 Too Many Requests); TZSMM Pay asked to wait 3600 seconds before the next request, longer than the Rate Limit Wait of 60 seconds',
		);
		expect(sandbox.state.requests).toHaveLength(1);
	});

	test('is logged at debug level, without the key', async () => {
		sandbox.queueFault('badGateway');

		const result = await run(getBalance, { parameters: { options: { retryWait: 1 } } });

		expect(result.result.logs).toContainEqual(
			expect.stringMatching(
				/^debug TZSMM Pay is temporarily unavailable \(HTTP 502\); TZSMM Pay action "balance" is sent again in 1 ms \(attempt 2 of 4\)/,
			),
		);
		expect(result.allText).not.toContain(sandbox.apiKey);
	});
});

describe('Faults that sending again would not cure', () => {
	test('a refused connection is reported at once', async () => {
		const closed = createSandbox();
		const { baseUrl } = await closed.listen();
		await closed.close();

		const result = await run(getBalance, { credentials: { baseUrl } });

		expect(result.error.message).toBe('TZSMM Pay refused the connection');
	});

	test('a slow reply is reported at once: another attempt would only wait again', async () => {
		sandbox.state.slowReplyMs = 1500;
		sandbox.queueFault('slowReply');

		const result = await run(getBalance, { parameters: { options: { timeout: 1, retryWait: 1 } } });

		expect(result.error.message).toBe('TZSMM Pay did not answer within 1 second');
		expect(sandbox.state.requests).toHaveLength(1);
	});
});

describe('Create (add) is sent again only after a 429, which proves nothing was ordered', () => {
	test('after a 429 it waits as the panel asks, sends the order again, and orders once', async () => {
		sandbox.state.retryAfterSeconds = 1;
		sandbox.queueFaultFor('add', 'tooManyRequests');

		const result = await run(create, { input: [{ email: 'buyer@example.com' }] });

		expect(result.json).toMatchObject([{ order: 23501 }]);
		expect(sandbox.requestsFor('add').map((request) => request.fault)).toEqual([
			'tooManyRequests',
			null,
		]);
		expect(gapsBetweenRequests('add')[0]).toBeGreaterThanOrEqual(1000);
		expect(sandbox.state.orders.size).toBe(1);
	});

	test('after a 429 without Retry-After it waits the Rate Limit Wait; with 0 it fails at once', async () => {
		sandbox.queueFaultFor('add', 'tooManyRequestsWithoutRetryAfter');
		const waited = await run(create, {
			input: [{ email: 'buyer@example.com' }],
			parameters: { options: { rateLimitWait: 1 } },
		});
		expect(waited.json).toMatchObject([{ order: 23501 }]);
		expect(gapsBetweenRequests('add')[0]).toBeGreaterThanOrEqual(1000);

		sandbox.clearLog();
		sandbox.queueFaultFor('add', 'tooManyRequestsWithoutRetryAfter');
		const refused = await run(create, {
			input: [{ email: 'buyer@example.com' }],
			parameters: { options: { rateLimitWait: 0 } },
		});
		expect(refused.error.message).toBe(
			'TZSMM Pay is limiting requests (HTTP 429 Too Many Requests); the Rate Limit Wait is 0 seconds',
		);
		expect(sandbox.requestsFor('add')).toHaveLength(1);
		expect(sandbox.state.orders.size).toBe(1);
	});

	test('after 429 upon 429 it gives up after 4 attempts, and nothing was ordered', async () => {
		sandbox.state.retryAfterSeconds = 0;
		sandbox.injectFaults({ kinds: ['tooManyRequests'], actions: ['add'] });

		const result = await run(create, { input: [{ email: 'buyer@example.com' }] });

		expect(result.error.message).toBe(
			'TZSMM Pay is limiting requests (HTTP 429 Too Many Requests); gave up after 4 attempts',
		);
		expect(sandbox.requestsFor('add')).toHaveLength(4);
		expect(sandbox.state.orders.size).toBe(0);
	});

	test.each(['badGateway', 'connectionReset', 'gatewayTimeout'])(
		'after %s it is never sent again: the order may exist',
		async (fault) => {
			sandbox.state.retryAfterSeconds = 0;
			sandbox.queueFaultFor('add', fault);

			const result = await run(create, {
				input: [{ email: 'buyer@example.com' }],
				parameters: { options: { retries: 5, retryWait: 1 } },
			});

			expect(result.error.message).not.toMatch(/gave up after/);
			expect(sandbox.requestsFor('add')).toHaveLength(1);
		},
	);

	test('after a 503 it is not sent again either, and the error says nothing was ordered', async () => {
		sandbox.queueFaultFor('add', 'serviceUnavailable');

		const result = await run(create, {
			input: [{ email: 'buyer@example.com' }],
			parameters: { options: { retries: 5, retryWait: 1 } },
		});

		expect(result.error.message).toBe('TZSMM Pay is temporarily unavailable (HTTP 503)');
		expect(sandbox.requestsFor('add')).toHaveLength(1);
		expect(sandbox.state.orders.size).toBe(0);
	});

	test('a 429 says no order was placed; a 502 says one may have been', async () => {
		sandbox.queueFaultFor('add', 'tooManyRequestsWithoutRetryAfter');
		const limited = await run(create, {
			input: [{ email: 'buyer@example.com' }],
			parameters: { options: { rateLimitWait: 0 } },
		});
		sandbox.queueFaultFor('add', 'badGateway');
		const unavailable = await run(create, { input: [{ email: 'buyer@example.com' }] });

		expect(limited.error.message).toBe(
			'TZSMM Pay is limiting requests (HTTP 429 Too Many Requests); the Rate Limit Wait is 0 seconds',
		);
		expect(limited.error.description).toMatch(/turned the request away without acting on it/);
		expect(unavailable.error.message).toBe(
			'TZSMM Pay is temporarily unavailable (HTTP 502). The order may have been placed: check your orders in TZSMM Pay before you try again',
		);
		expect(unavailable.error.description).toMatch(
			/^The panel may have placed and charged the order/,
		);
	});
});
