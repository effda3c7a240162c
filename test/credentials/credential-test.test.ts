import { useMockServer } from '../harness/sandbox';
import { testCredentials } from '../harness/credential-test';

const server = useMockServer();

describe('TZSMM Pay API credential › Test', () => {
	test('succeeds with a good key, by asking for the balance', async () => {
		const result = await testCredentials('tzsmmPayApi', {
			apiKey: server.apiKey,
			baseUrl: server.baseUrl,
		});

		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(server.state.requests).toEqual([
			expect.objectContaining({ action: 'balance', keyValid: true }),
		]);
	});

	test('accepts a Base URL with a trailing slash', async () => {
		const result = await testCredentials('tzsmmPayApi', {
			apiKey: server.apiKey,
			baseUrl: `${server.baseUrl}/`,
		});

		expect(result.status).toBe('OK');
	});

	test.each(['http', 'body'] as const)(
		'fails with the API’s message for a bad key (errors as %s)',
		async (errorStyle) => {
			server.state.errorStyle = errorStyle;

			const result = await testCredentials('tzsmmPayApi', {
				apiKey: 'not-the-key',
				baseUrl: server.baseUrl,
			});

			expect(result).toEqual({ status: 'Error', message: 'Invalid API key' });
		},
	);
});
