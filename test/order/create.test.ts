import type { INodeParameterResourceLocator } from 'n8n-workflow';

import { useTzsmmPayNode } from '../harness/node';
import create from './fixtures/create.json';

const { sandbox, run, list } = useTzsmmPayNode();

describe('Order › Create', () => {
	test('places the order and returns its ID with what was ordered', async () => {
		const { json } = await run(create, { input: [{ email: 'buyer@example.com' }] });

		expect(json).toEqual([{ order: 23501, service: 2, link: 'buyer@example.com' }]);
		expect(sandbox.state.orders.get(23501)).toMatchObject({
			service: 2,
			link: 'buyer@example.com',
		});
		expect(sandbox.state.balance).toBe(24.44);
	});

	test('sends action=add with service and link, once per item', async () => {
		await run(create, { input: [{ email: 'one@example.com' }, { email: 'two@example.com' }] });

		expect(sandbox.requestsFor('add').map((request) => request.query)).toEqual([
			{ action: 'add', service: '2', link: 'one@example.com' },
			{ action: 'add', service: '2', link: 'two@example.com' },
		]);
	});

	test('accepts the service ID from an expression, as text or number, and trims the e-mail', async () => {
		const { json } = await run(create, {
			parameters: { serviceId: '={{ $json.plan }}' },
			input: [
				{ plan: '7', email: '  first@example.com ' },
				{ plan: 3, email: 'second@example.com' },
			],
		});

		expect(json).toEqual([
			{ order: 23501, service: 7, link: 'first@example.com' },
			{ order: 23502, service: 3, link: 'second@example.com' },
		]);
	});

	test('with Raw Response returns the API answer untouched', async () => {
		const { json } = await run(create, {
			parameters: { options: { rawResponse: true } },
			input: [{ email: 'buyer@example.com' }],
		});

		expect(json).toEqual([{ order: 23501 }]);
	});

	describe('refuses bad input before any request, naming the field and the item', () => {
		test.each([
			[
				'an e-mail without @',
				{ email: 'buyer.example.com' },
				/Invalid Buyer Email in item 1: "buyer\.example\.com" is not an e-mail address/,
			],
			[
				'an empty e-mail',
				{ email: '   ' },
				/Invalid Buyer Email in item 1: the Buyer Email is empty/,
			],
			[
				'an e-mail that is not text',
				{ email: 42 },
				/Invalid Buyer Email in item 1: 42 is not text/,
			],
		])('%s', async (_case, badItem, message) => {
			const result = await run(create, { input: [{ email: 'fine@example.com' }, badItem] });

			expect(result.error.message).toMatch(message);
			expect(result.error.context.itemIndex).toBe(1);
			// Item 0 was valid, but nothing is ordered while another item is refused.
			expect(sandbox.state.requests).toEqual([]);
		});

		test.each([
			['missing', '', 'the Service is missing'],
			['not a number', 'gold', '"gold" is not a positive whole number'],
			['negative', -2, '-2 is not a positive whole number'],
			['fractional', 2.5, '2.5 is not a positive whole number'],
		])('a service ID that is %s', async (_case, serviceId, reason) => {
			const result = await run(create, {
				parameters: { serviceId: '={{ $json.plan }}' },
				input: [{ plan: serviceId, email: 'buyer@example.com' }],
			});

			expect(result.error.message).toBe(`Invalid Service in item 0: ${reason}`);
			expect(sandbox.state.requests).toEqual([]);
		});
	});

	test('with Continue On Fail, every item yields its order or its error, in place', async () => {
		const result = await run(create, {
			continueOnFail: true,
			input: [
				{ email: 'one@example.com' },
				{ email: 'not-an-email' },
				{ email: 'three@example.com' },
			],
		});

		expect(result.json).toEqual([
			{ order: 23501, service: 2, link: 'one@example.com' },
			{
				error: expect.stringMatching(/^Invalid Buyer Email in item 1/),
				details: { retryLater: false },
			},
			{ order: 23502, service: 2, link: 'three@example.com' },
		]);
		expect(result.pairedWith).toEqual([0, 1, 2]);
		expect(sandbox.requestsFor('add')).toHaveLength(2);
	});
});

describe('Order › Create › the service is checked before any order is placed', () => {
	test('reads the catalogue once per run, then places the orders', async () => {
		await run(create, {
			input: [{ email: 'one@example.com' }, { email: 'two@example.com' }],
		});

		expect(sandbox.state.requests.map((request) => request.action)).toEqual([
			'services',
			'add',
			'add',
		]);
	});

	test('refuses an unknown service ID, listing the valid ones; nothing is ordered', async () => {
		const result = await run(create, {
			parameters: { serviceId: '={{ $json.plan }}' },
			input: [
				{ plan: 2, email: 'one@example.com' },
				{ plan: 99, email: 'two@example.com' },
			],
		});

		expect(result.error.name).toBe('NodeOperationError');
		expect(result.error.message).toBe(
			'Invalid Service in item 1: TZSMM Pay offers no service with the ID 99; valid IDs: 2 (Monthly Silver), 3 (Monthly Gold), 7 (Yearly Gold), 11 (Setup Assistance)',
		);
		expect(result.error.context.itemIndex).toBe(1);
		expect(sandbox.requestsFor('add')).toEqual([]);
	});

	test('lists at most 20 services and says how many more there are', async () => {
		sandbox.state.services = Array.from({ length: 25 }, (_, index) => ({
			...sandbox.state.services[0],
			service: 100 + index,
			name: `Plan ${index}`,
		}));

		const result = await run(create, { input: [{ email: 'one@example.com' }] });

		expect(result.error.message).toMatch(
			/: TZSMM Pay offers no service with the ID 2; valid IDs: 100 \(Plan 0\), .*, 119 \(Plan 19\) and 5 more$/,
		);
	});

	test('with Continue On Fail, an unknown service fails only its own item', async () => {
		const result = await run(create, {
			continueOnFail: true,
			parameters: { serviceId: '={{ $json.plan }}' },
			input: [
				{ plan: 2, email: 'one@example.com' },
				{ plan: 99, email: 'two@example.com' },
				{ plan: 3, email: 'three@example.com' },
			],
		});

		expect(result.json).toEqual([
			{ order: 23501, service: 2, link: 'one@example.com' },
			{
				error: expect.stringMatching(/^Invalid Service in item 1: .* ID 99;/),
				details: { retryLater: false },
			},
			{ order: 23502, service: 3, link: 'three@example.com' },
		]);
		expect(result.pairedWith).toEqual([0, 1, 2]);
		expect(sandbox.requestsFor('add').map((request) => request.query.service)).toEqual(['2', '3']);
	});

	test('when the catalogue cannot be read, no order is placed', async () => {
		sandbox.queueFaultFor('services', 'serverErrorPage');

		const result = await run(create, {
			input: [{ email: 'one@example.com' }, { email: 'two@example.com' }],
		});

		expect(result.error.name).toBe('NodeApiError');
		expect(result.error.message).toBe(
			'TZSMM Pay answered with an HTML page instead of JSON (HTTP 500)',
		);
		expect(result.error.context.itemIndex).toBe(0);
		expect(sandbox.requestsFor('services')).toHaveLength(1);
		expect(sandbox.requestsFor('add')).toEqual([]);
	});
});

describe('Order › Create › the Service: a resource locator, From List or By ID', () => {
	const withService = (serviceId: INodeParameterResourceLocator) => ({
		parameters: { serviceId },
		input: [{ email: 'buyer@example.com' }],
	});

	test('From List lists every service with its price, narrowed by the search text', async () => {
		const everything = await list(create, 'searchServices');
		const gold = await list(create, 'searchServices', ' GOLD ');
		const addOns = await list(create, 'searchServices', 'add-ons');

		expect(everything.results).toEqual([
			{ name: 'Monthly Silver (0.56 USD)', value: 2, description: 'TZSMM Pay License · Package' },
			{ name: 'Monthly Gold (1.2 USD)', value: 3, description: 'TZSMM Pay License · Package' },
			{ name: 'Yearly Gold (9.9 USD)', value: 7, description: 'TZSMM Pay License · Package' },
			{ name: 'Setup Assistance (2.5 USD)', value: 11, description: 'Add-ons · Default' },
		]);
		expect(gold.results.map((service) => service.value)).toEqual([3, 7]);
		expect(addOns.results.map((service) => service.value)).toEqual([11]);
		expect(everything.paginationToken).toBeUndefined();
	});

	test('From List shows the API’s error when the key is wrong', async () => {
		await expect(
			list(create, 'searchServices', undefined, { credentials: { apiKey: 'wrong-key' } }),
		).rejects.toThrow('TZSMM Pay rejected the API key (Invalid API key)');
	});

	test.each([
		[
			'From List',
			{ __rl: true, mode: 'list', value: 3, cachedResultName: 'Monthly Gold (1.2 USD)' },
		],
		['By ID, typed as text', { __rl: true, mode: 'id', value: '3' }],
		['By ID, from an expression', { __rl: true, mode: 'id', value: '={{ 1 + 2 }}' }],
	] satisfies Array<[string, INodeParameterResourceLocator]>)(
		'orders the service chosen %s',
		async (_mode, serviceId) => {
			const { json } = await run(create, withService(serviceId));

			expect(json).toEqual([{ order: expect.any(Number), service: 3, link: 'buyer@example.com' }]);
			expect(sandbox.requestsFor('add').map((request) => request.query.service)).toEqual(['3']);
		},
	);

	test('a typed ID that is not a service ID is held back by n8n, with the field’s own rule', async () => {
		await expect(
			run(create, withService({ __rl: true, mode: 'id', value: 'gold' })),
		).rejects.toThrow('A service ID is a positive whole number, e.g. 2');
		expect(sandbox.state.requests).toEqual([]);
	});

	test('an expression that gives no service ID is refused before any request, naming "Service"', async () => {
		const result = await run(
			create,
			withService({ __rl: true, mode: 'id', value: '={{ "gold" }}' }),
		);

		expect(result.error.message).toBe(
			'Invalid Service in item 0: "gold" is not a positive whole number',
		);
		expect(sandbox.state.requests).toEqual([]);
	});

	test('an ID the catalogue lacks is refused before any order, with the valid IDs', async () => {
		const result = await run(create, withService({ __rl: true, mode: 'id', value: '99' }));

		expect(result.error.message).toBe(
			'Invalid Service in item 0: TZSMM Pay offers no service with the ID 99; valid IDs: 2 (Monthly Silver), 3 (Monthly Gold), 7 (Yearly Gold), 11 (Setup Assistance)',
		);
		expect(sandbox.requestsFor('add')).toEqual([]);
	});

	test('a node left with no service chosen does not run: n8n asks for the Service', async () => {
		await expect(run(create, withService({ __rl: true, mode: 'list', value: '' }))).rejects.toThrow(
			'Parameter "Service" is required.',
		);
		expect(sandbox.state.requests).toEqual([]);
	});
});

describe('Order › Create › with Continue On Fail, an error item says whether the sale may order later', () => {
	const apiError = (status: number, error: string) => ({
		status,
		body: JSON.stringify({ error }),
		contentType: 'application/json',
	});

	test.each([
		['401: the key, once the reseller corrects it', apiError(401, 'Invalid API key'), '401', true],
		[
			'402: the balance, once topped up',
			apiError(402, "You don't have sufficient balance"),
			'402',
			true,
		],
		[
			'429: the panel turned the request away unread',
			'tooManyRequestsWithoutRetryAfter',
			'429',
			true,
		],
		[
			'400: the panel refused the order as incorrect',
			apiError(400, 'Incorrect request'),
			'400',
			false,
		],
		[
			'404: the panel refused the order as unknown',
			apiError(404, 'Invalid order ID'),
			'404',
			false,
		],
		[
			'503: the panel could not take the request, so nothing was ordered',
			'serviceUnavailable',
			'503',
			true,
		],
		['504: the order may exist, so never again without a check', 'gatewayTimeout', '504', false],
	] as const)('%s', async (_case, fault, httpCode, retryLater) => {
		sandbox.queueFaultFor('add', fault);

		// A Rate Limit Wait of 0 lets the 429 through instead of waiting to send the order again.
		const result = await run(create, {
			continueOnFail: true,
			input: [{ email: 'one@example.com' }],
			parameters: { options: { rateLimitWait: 0 } },
		});

		expect(result.json).toEqual([{ error: expect.any(String), details: { httpCode, retryLater } }]);
	});

	test('a connection the panel refused: no HTTP code, and the sale may order later', async () => {
		const result = await run(create, {
			continueOnFail: true,
			input: [{ email: 'one@example.com' }],
			credentials: { baseUrl: 'http://127.0.0.1:9/api/smmpanel/v1' },
		});

		expect(result.json).toEqual([
			{
				error: expect.stringMatching(/^TZSMM Pay refused the connection/),
				details: { retryLater: true },
			},
		]);
	});
});
