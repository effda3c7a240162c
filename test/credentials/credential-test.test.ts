import { useSandbox } from '../../sandbox/use-sandbox';
import { testCredentials } from '../../engine';
import { BAD_REQUESTS_PER_MINUTE, jsonAnswer, NOT_THE_BALANCE } from '../credential-test-answers';

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
			requestsPerMinute: BAD_REQUESTS_PER_MINUTE.requestsPerMinute,
		});

		expect(result).toEqual(BAD_REQUESTS_PER_MINUTE.result);
		expect(sandbox.state.requests).toEqual([]);
	});
});

describe('TZSMM Pay API credential › Test › fails for whatever is not TZSMM Pay’s balance, saying what came back', () => {
	test.each(NOT_THE_BALANCE)('$answerIs', async ({ answer, message }) => {
		sandbox.queueFault(answer);

		const result = await testCredentials('tzsmmPayApi', {
			apiKey: sandbox.apiKey,
			baseUrl: sandbox.baseUrl,
		});

		expect(result).toEqual({ status: 'Error', message });
		expect(sandbox.state.requests).toHaveLength(1);
	});

	test('an empty list fails too, with n8n’s own error: its tester reads the first item of the answer', async () => {
		sandbox.queueFault(jsonAnswer([]));

		await expect(
			testCredentials('tzsmmPayApi', { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl }),
		).rejects.toThrow(TypeError);
	});

	test('a balance of the sandbox’s shape passes', async () => {
		sandbox.queueFault(jsonAnswer({ balance: '0.32', currency: 'USD' }));

		const result = await testCredentials('tzsmmPayApi', {
			apiKey: sandbox.apiKey,
			baseUrl: sandbox.baseUrl,
		});

		expect(result.status).toBe('OK');
	});
});
