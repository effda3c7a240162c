import { useTzsmmPayNode } from '../harness/node';
import getMany from './fixtures/get-many.json';

const { sandbox, run } = useTzsmmPayNode();

describe('Service › Get Many', () => {
	test('returns one item per service with the documented fields', async () => {
		const { json } = await run(getMany);

		expect(json).toHaveLength(4);
		expect(json[0]).toEqual({
			service: 2,
			name: 'Monthly Silver',
			type: 'Package',
			category: 'TZSMM Pay License',
			min: 1,
			max: 1,
			rate: 0.56,
			currency: 'USD',
		});
		expect(sandbox.requestsFor('services')).toHaveLength(1);
	});

	test('turns numeric strings into numbers', async () => {
		sandbox.state.services = [
			{
				service: '5',
				name: 'Trial',
				type: 'Package',
				category: 'Trials',
				min: '1',
				max: '1',
				rate: '0.10',
				currency: 'USD',
			},
		] as never;

		const { json } = await run(getMany);

		expect(json).toEqual([
			{
				service: 5,
				name: 'Trial',
				type: 'Package',
				category: 'Trials',
				min: 1,
				max: 1,
				rate: 0.1,
				currency: 'USD',
			},
		]);
	});

	test('without Return All returns at most Limit services', async () => {
		const { json } = await run(getMany, { parameters: { returnAll: false, limit: 2 } });

		expect(json.map((service) => service.service)).toEqual([2, 3]);
	});

	test('filters by category, by type and by a text in the name, ignoring case', async () => {
		const byCategory = await run(getMany, { parameters: { filters: { category: 'add-ons' } } });
		const byType = await run(getMany, { parameters: { filters: { type: 'package' } } });
		const byName = await run(getMany, { parameters: { filters: { search: 'gold' } } });

		expect(byCategory.json.map((service) => service.name)).toEqual(['Setup Assistance']);
		expect(byType.json.map((service) => service.service)).toEqual([2, 3, 7]);
		expect(byName.json.map((service) => service.name)).toEqual(['Monthly Gold', 'Yearly Gold']);
	});

	test('with Raw Response returns the services exactly as the API listed them', async () => {
		const { json } = await run(getMany, { parameters: { options: { rawResponse: true } } });

		expect(json).toEqual(sandbox.state.services);
	});

	test('asks for the catalogue once for many items, and pairs each service with its item', async () => {
		const result = await run(getMany, {
			parameters: { filters: { search: '={{ $json.plan }}' } },
			input: [{ plan: 'Silver' }, { plan: 'Yearly' }],
		});

		expect(result.json.map((service) => service.name)).toEqual(['Monthly Silver', 'Yearly Gold']);
		expect(result.pairedWith).toEqual([0, 1]);
		expect(sandbox.requestsFor('services')).toHaveLength(1);
	});

	test('refuses a Limit that is not a positive whole number before any request', async () => {
		const result = await run(getMany, { parameters: { returnAll: false, limit: '={{ "ten" }}' } });

		expect(result.error.message).toBe(
			'Invalid Limit in item 0: "ten" is not a positive whole number',
		);
		expect(sandbox.state.requests).toEqual([]);
	});
});
