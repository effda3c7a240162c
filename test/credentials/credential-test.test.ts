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
});
