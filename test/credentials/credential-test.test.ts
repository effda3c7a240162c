import { useSandbox } from '../../sandbox/use-sandbox';
import { testCredentials } from '../../engine';

const sandbox = useSandbox();

describe('TZSMM Pay API credential › Test', () => {
	test('succeeds with a good key, by asking for the balance', async () => {
		const result = await testCredentials('tzsmmPayApi', {
			apiKey: sandbox.apiKey,
			baseUrl: sandbox.baseUrl,
		});

		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(sandbox.state.requests).toEqual([
			expect.objectContaining({ action: 'balance', keyValid: true }),
		]);
	});

	test('accepts a Base URL with a trailing slash', async () => {
		const result = await testCredentials('tzsmmPayApi', {
			apiKey: sandbox.apiKey,
			baseUrl: `${sandbox.baseUrl}/`,
		});

		expect(result.status).toBe('OK');
	});

	test.each(['http', 'body'] as const)(
		'fails with the API’s message for a bad key (errors as %s)',
		async (errorStyle) => {
			sandbox.state.errorStyle = errorStyle;

			const result = await testCredentials('tzsmmPayApi', {
				apiKey: 'not-the-key',
				baseUrl: sandbox.baseUrl,
			});

			expect(result).toEqual({ status: 'Error', message: 'Invalid API key' });
		},
	);

	test('refuses a bad Requests per Minute before sending anything', async () => {
		const result = await testCredentials('tzsmmPayApi', {
			apiKey: sandbox.apiKey,
			baseUrl: sandbox.baseUrl,
			requestsPerMinute: -1,
		});

		expect(result).toEqual({
			status: 'Error',
			message:
				'The Requests per Minute of the TZSMM Pay API credential is not a whole number of 0 or more: -1',
		});
		expect(sandbox.state.requests).toEqual([]);
	});
});

describe('TZSMM Pay API credential › Test › fails for whatever is not TZSMM Pay’s balance, saying what came back', () => {
	const CHECK =
		"Check the Base URL of the credential (TZSMM Pay's is https://tzsmmpay.com/api/smmpanel/v1)";
	const json = (status: number, body: unknown) => ({
		status,
		body: JSON.stringify(body),
		contentType: 'application/json',
	});

	test.each([
		[
			'an HTML page',
			{ status: 200, body: '<!DOCTYPE html><html><body>Shop</body></html>' },
			`The Base URL answered with an HTML page, not with TZSMM Pay's balance (a website, a login or a firewall page). ${CHECK}.`,
		],
		[
			'a server’s error page (HTTP 500)',
			{ status: 500, body: '<html><body><h1>500 Internal Server Error</h1></body></html>' },
			`The Base URL answered with an HTML page, not with TZSMM Pay's balance (a website, a login or a firewall page). ${CHECK}.`,
		],
		[
			'another error of the panel',
			json(200, { error: 'Incorrect request' }),
			`The Base URL answered "Incorrect request" instead of the balance: it reaches a panel, but not TZSMM Pay's reseller API. ${CHECK}.`,
		],
		[
			'an error of its own',
			json(200, { error: 'Route not found' }),
			`The Base URL answered without a balance (an error of its own, a list, text or another API's JSON), so it is not TZSMM Pay's reseller API. ${CHECK}.`,
		],
		[
			'a list',
			json(200, [{ id: 1 }]),
			`The Base URL answered without a balance (an error of its own, a list, text or another API's JSON), so it is not TZSMM Pay's reseller API. ${CHECK}.`,
		],
		[
			'text that is not JSON',
			{ status: 200, body: 'OK', contentType: 'text/plain' },
			`The Base URL answered without a balance (an error of its own, a list, text or another API's JSON), so it is not TZSMM Pay's reseller API. ${CHECK}.`,
		],
		[
			'an empty body',
			{ status: 200, body: '', contentType: 'text/plain' },
			`The Base URL answered with an empty body (or a redirect, which n8n does not follow), not with TZSMM Pay's balance. ${CHECK}.`,
		],
		[
			'a balance without a currency',
			json(200, { balance: '12.00' }),
			`The Base URL answered with a balance but no currency, unlike TZSMM Pay's reseller API. ${CHECK}.`,
		],
		[
			'a redirect',
			{ status: 302, headers: { Location: 'https://example.com/login' }, body: '' },
			`The Base URL answered with a redirect (HTTP 302), which n8n does not follow: it would carry the API key elsewhere. ${CHECK}, or set it to the address the panel redirects to if you trust it.`,
		],
		[
			'a page that is not there',
			{ status: 404, body: '<html><body>Not Found</body></html>' },
			`The Base URL answered "not found" (HTTP 404): nothing answers there. ${CHECK}.`,
		],
	] as const)('%s', async (_case, answer, message) => {
		sandbox.queueFault(answer);

		const result = await testCredentials('tzsmmPayApi', {
			apiKey: sandbox.apiKey,
			baseUrl: sandbox.baseUrl,
		});

		expect(result).toEqual({ status: 'Error', message });
		expect(sandbox.state.requests).toHaveLength(1);
	});

	test('an empty list fails too, with n8n’s own error: its tester reads the first item of the answer', async () => {
		sandbox.queueFault(json(200, []));

		await expect(
			testCredentials('tzsmmPayApi', { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl }),
		).rejects.toThrow(TypeError);
	});

	test('a balance of the sandbox’s shape passes', async () => {
		sandbox.queueFault(json(200, { balance: '0.32', currency: 'USD' }));

		const result = await testCredentials('tzsmmPayApi', {
			apiKey: sandbox.apiKey,
			baseUrl: sandbox.baseUrl,
		});

		expect(result.status).toBe('OK');
	});
});
