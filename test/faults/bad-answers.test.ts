import { createMockServer } from '../mock-server/server';
import { useSandbox } from '../harness/sandbox';
import getBalance from '../account/fixtures/get-balance.json';
import create from '../order/fixtures/create.json';
import getStatus from '../order/fixtures/get-status.json';
import getServices from '../service/fixtures/get-many.json';

const { server, run } = useSandbox();

describe('Answers that are not what the API documents', () => {
	test('an HTML error page with HTTP 500 says so', async () => {
		server.queueFault({
			status: 500,
			body: '<html><body><h1>Internal Server Error</h1></body></html>',
		});

		const result = await run(getBalance);

		expect(result.error.message).toBe(
			'TZSMM Pay answered with an HTML page instead of JSON (HTTP 500)',
		);
		expect(result.error.httpCode).toBe('500');
		expect(result.error.description).toMatch(
			/^The body began: <html><body><h1>Internal Server Error/,
		);
	});

	test('an HTML page with HTTP 200 (a challenge page) says so', async () => {
		server.queueFault({ status: 200, body: '<!DOCTYPE html><title>Just a moment...</title>' });

		const result = await run(getServices);

		expect(result.error.message).toBe(
			'TZSMM Pay answered with an HTML page instead of JSON (HTTP 200)',
		);
	});

	test('an empty body says so', async () => {
		server.queueFault({ status: 200, body: '', contentType: 'application/json' });

		const result = await run(getBalance);

		expect(result.error.message).toBe(
			'TZSMM Pay answered with an empty body instead of JSON (HTTP 200)',
		);
	});

	test('a truncated JSON body says so', async () => {
		server.queueFault({
			status: 200,
			body: '[{"service": 2, "name": "Mon',
			contentType: 'application/json',
		});

		const result = await run(getServices);

		expect(result.error.message).toBe(
			'TZSMM Pay answered with a body that is not valid JSON instead of JSON (HTTP 200)',
		);
	});

	test.each([
		['services', getServices, {}, '{"service": 2}', 'a list of services'],
		['balance', getBalance, {}, '{"currency": "USD"}', 'an object with a balance'],
		[
			'add',
			create,
			{ email: 'buyer@example.com' },
			'{"ok": true}',
			'an object with the new order ID',
		],
		['status', getStatus, { order: 5 }, '[1, 2]', 'an object with the order status'],
	])(
		'JSON of the wrong shape for action=%s says what was expected',
		async (action, fixture, item, body, expected) => {
			server.queueFault({ status: 200, body, contentType: 'application/json' });

			const result = await run(fixture, { input: [item] });

			expect(result.error.message).toBe(
				`TZSMM Pay answered action "${action}" with JSON of an unexpected shape (expected ${expected})`,
			);
		},
	);

	test('a connection reset on a read says so', async () => {
		server.queueFault({ reset: true });

		const result = await run(getBalance);

		expect(result.error.message).toBe('The connection to TZSMM Pay was reset before it answered');
	});

	test('a connection reset on add warns that the order may have been placed, and add is not retried', async () => {
		server.queueFault({ reset: true });

		const result = await run(create, { input: [{ email: 'buyer@example.com' }] });

		expect(result.error.message).toBe(
			'The connection to TZSMM Pay was reset before it answered. The order may have been placed',
		);
		expect(result.error.description).toMatch(/Check your orders in TZSMM Pay before you try again/);
		expect(server.requestsFor('add')).toHaveLength(1);
	});

	test('a reply slower than the Timeout option says so', async () => {
		server.queueFault({ delayMs: 1500, status: 200, contentType: 'application/json', body: '{}' });

		const result = await run(getBalance, { parameters: { options: { timeout: 1 } } });

		expect(result.error.message).toBe('TZSMM Pay did not answer within 1 second');
	});

	test('a timeout on add warns that the order may have been placed, and add is not retried', async () => {
		server.queueFault({ delayMs: 1500, status: 200, contentType: 'application/json', body: '{}' });

		const result = await run(create, {
			parameters: { options: { timeout: 1 } },
			input: [{ email: 'buyer@example.com' }],
		});

		expect(result.error.message).toBe(
			'TZSMM Pay did not answer within 1 second. The order may have been placed',
		);
		expect(server.requestsFor('add')).toHaveLength(1);
	});

	test('a Timeout that is not a positive number is refused before any request', async () => {
		const result = await run(getBalance, { parameters: { options: { timeout: '={{ "soon" }}' } } });

		expect(result.error.message).toBe(
			'Invalid Timeout (Seconds) in item 0: "soon" is not a positive number of seconds',
		);
		expect(server.state.requests).toEqual([]);
	});

	test('a refused connection says so', async () => {
		const closed = createMockServer();
		const { baseUrl } = await closed.listen();
		await closed.close();

		const result = await run(getBalance, { credentials: { baseUrl } });

		expect(result.error.message).toBe('TZSMM Pay refused the connection');
	});

	test('a Base URL that is not http(s) is refused before any request', async () => {
		const result = await run(getBalance, { credentials: { baseUrl: 'ftp://127.0.0.1/api' } });

		expect(result.error.message).toBe(
			'The Base URL of the TZSMM Pay API credential must start with http:// or https://',
		);
		expect(server.state.requests).toEqual([]);
	});
});

describe('Redirects', () => {
	const elsewhere = createMockServer();
	beforeAll(async () => {
		await elsewhere.listen();
	});
	afterAll(async () => {
		await elsewhere.close();
	});

	test('are not followed, so the key never reaches the address they point to', async () => {
		server.queueFault({
			status: 302,
			headers: { Location: `${elsewhere.baseUrl}?action=balance` },
		});

		const result = await run(getBalance);

		expect(result.error.message).toBe(
			'TZSMM Pay answered with a redirect (HTTP 302), which the node does not follow',
		);
		expect(elsewhere.state.requests).toEqual([]);
	});
});
