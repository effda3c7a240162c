import { useTzsmmPayNode } from '../harness/node';
import getBalance from './fixtures/get-balance.json';

const { sandbox, run } = useTzsmmPayNode();

describe('Account › Get Balance', () => {
	test('returns the balance as a number with its currency', async () => {
		const { json } = await run(getBalance);

		expect(json).toEqual([{ balance: 25, currency: 'USD' }]);
	});

	test('sends action=balance with the key from the credential as query parameter "key"', async () => {
		await run(getBalance);

		expect(sandbox.state.requests).toEqual([
			expect.objectContaining({ action: 'balance', keyValid: true }),
		]);
	});

	test('with Raw Response returns what the API sent, the balance as a string', async () => {
		const { json } = await run(getBalance, { parameters: { options: { rawResponse: true } } });

		expect(json).toEqual([{ currency: 'USD', balance: '25.00' }]);
	});

	test('answers many input items with one request, one output item paired to each', async () => {
		const result = await run(getBalance, { input: [{ a: 1 }, { a: 2 }, { a: 3 }] });

		expect(result.json).toEqual([
			{ balance: 25, currency: 'USD' },
			{ balance: 25, currency: 'USD' },
			{ balance: 25, currency: 'USD' },
		]);
		expect(result.pairedWith).toEqual([0, 1, 2]);
		expect(sandbox.requestsFor('balance')).toHaveLength(1);
	});
});
