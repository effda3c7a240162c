import { useTzsmmPayNode } from '../harness/node';
import getManyStatuses from './fixtures/get-many-statuses.json';
import { completedStatus } from '../harness/expected-items';

const { sandbox, run } = useTzsmmPayNode();

function placeOrders(count: number): number[] {
	return Array.from({ length: count }, () => sandbox.addOrder(2, 'buyer@example.com', 'Completed'));
}

describe('Order › Get Many Statuses', () => {
	test('returns one item per order in the order given, an unknown ID as data', async () => {
		const [first, second] = placeOrders(2);

		const { json } = await run(getManyStatuses, { input: [{ orders: `${second}, 8, ${first}` }] });

		expect(json).toEqual([
			completedStatus(second),
			{ order: 8, error: 'Incorrect order ID' },
			completedStatus(first),
		]);
		expect(sandbox.requestsFor('status').map((request) => request.query)).toEqual([
			{ action: 'status', orders: `${second},8,${first}` },
		]);
	});

	test('reports an order the panel left out of its answer as an error item', async () => {
		sandbox.queueFault({
			status: 200,
			contentType: 'application/json',
			body: JSON.stringify({
				5: { charge: '1.00', start_count: 0, status: 'Partial', remains: '3', currency: 'USD' },
			}),
		});

		const { json } = await run(getManyStatuses, { input: [{ orders: '5, 6' }] });

		expect(json).toEqual([
			{ order: 5, charge: 1, start_count: 0, status: 'Partial', remains: 3, currency: 'USD' },
			{ order: 6, error: 'TZSMM Pay did not report this order' },
		]);
	});

	test.each([
		['commas', (ids: number[]) => ids.join(',')],
		['spaces', (ids: number[]) => ids.join(' ')],
		['new lines', (ids: number[]) => ids.join('\n')],
		['a mix with blanks', (ids: number[]) => ` ${ids[0]},, ${ids[1]}\n\n${ids[2]} , `],
		['an array from an expression', (ids: number[]) => ids],
		['an array of numeric strings', (ids: number[]) => ids.map(String)],
	])('reads IDs separated by %s', async (_case, format) => {
		const ids = placeOrders(3);

		const { json } = await run(getManyStatuses, { input: [{ orders: format(ids) }] });

		expect(json.map((item) => item.order)).toEqual(ids);
	});

	test('asks for a repeated ID once and returns it once', async () => {
		const [first, second] = placeOrders(2);

		const { json } = await run(getManyStatuses, {
			input: [{ orders: `${first},${second},${first}` }],
		});

		expect(json.map((item) => item.order)).toEqual([first, second]);
		expect(sandbox.requestsFor('status')[0].query.orders).toBe(`${first},${second}`);
	});

	test('sends more than 100 IDs in requests of at most 100, keeping the order given', async () => {
		const ids = placeOrders(250).reverse();

		const { json } = await run(getManyStatuses, { input: [{ orders: ids.join(',') }] });

		const sent = sandbox.requestsFor('status').map((request) => request.query.orders.split(','));
		expect(sent.map((chunk) => chunk.length)).toEqual([100, 100, 50]);
		expect(sent.flat().map(Number)).toEqual(ids);
		expect(json.map((item) => item.order)).toEqual(ids);
		expect(json.every((item) => item.status === 'Completed')).toBe(true);
	});

	test('reads the credential once for the whole list, not once per request', async () => {
		const ids = placeOrders(250);

		const { result } = await run(getManyStatuses, { input: [{ orders: ids.join(',') }] });

		expect(sandbox.requestsFor('status')).toHaveLength(3);
		expect(sandbox.state.requests.every((request) => request.keyValid)).toBe(true);
		expect(result.credentialReads).toBe(1);
	});

	test('pairs every order with the input item that asked for it', async () => {
		const [first, second, third] = placeOrders(3);

		const result = await run(getManyStatuses, {
			input: [{ orders: `${first},${second}` }, { orders: `${third}` }],
		});

		expect(result.json.map((item) => item.order)).toEqual([first, second, third]);
		expect(result.pairedWith).toEqual([0, 0, 1]);
	});

	test('with Continue On Fail, a refused list fails only its own item', async () => {
		const [first, second] = placeOrders(2);

		const result = await run(getManyStatuses, {
			continueOnFail: true,
			input: [{ orders: `${first}` }, { orders: 'abc' }, { orders: `${second}, 8` }],
		});

		expect(result.json).toEqual([
			expect.objectContaining({ order: first, status: 'Completed' }),
			{ error: 'Invalid Order IDs in item 1: "abc" is not an order ID (a positive whole number)' },
			expect.objectContaining({ order: second, status: 'Completed' }),
			{ order: 8, error: 'Incorrect order ID' },
		]);
		expect(result.pairedWith).toEqual([0, 1, 2, 2]);
	});

	test('with Raw Response returns the API answer keyed by order ID', async () => {
		const [first] = placeOrders(1);

		const { json } = await run(getManyStatuses, {
			parameters: { options: { rawResponse: true } },
			input: [{ orders: `${first},8` }],
		});

		expect(json).toEqual([
			{
				[first]: {
					charge: '0.56',
					start_count: 0,
					status: 'Completed',
					remains: 0,
					currency: 'USD',
				},
				8: { error: 'Incorrect order ID' },
			},
		]);
	});

	test.each([
		['an empty list', '', /no order ID was given/],
		['only separators', ' , ,\n', /no order ID was given/],
		['a word among the IDs', '12, abc, 14', /"abc" is not an order ID/],
		['a negative ID', '12,-3', /"-3" is not an order ID/],
		['a fractional ID', [12, 3.5], /3\.5 is not an order ID/],
		['an object', { id: 12 }, /expected a list of order IDs, got an object/],
	])('refuses %s before any request', async (_case, orders, reason) => {
		const result = await run(getManyStatuses, { input: [{ orders }] });

		expect(result.error.message).toMatch(/^Invalid Order IDs in item 0: /);
		expect(result.error.message).toMatch(reason);
		expect(sandbox.state.requests).toEqual([]);
	});
});

describe('Order › Get Many Statuses › across items', () => {
	test('pools the IDs of all items: each asked for once, 100 per request', async () => {
		const ids = placeOrders(150);
		const lists = [ids.slice(0, 60), ids.slice(40, 120), ids.slice(100)];

		const result = await run(getManyStatuses, {
			input: lists.map((list) => ({ orders: list.join(',') })),
		});

		const sent = sandbox.requestsFor('status').map((request) => request.query.orders.split(','));
		expect(sent.flat().map(Number)).toEqual(ids);
		expect(sent.map((chunk) => chunk.length)).toEqual([100, 50]);
		// Each item still gets its own list, in its own order, paired to it.
		expect(result.json.map((item) => item.order)).toEqual(lists.flat());
		expect(result.pairedWith).toEqual(lists.flatMap((list, index) => list.map(() => index)));
	});

	test('one ID per item over 1,000 items takes 10 requests', async () => {
		const ids = placeOrders(1000);

		const result = await run(getManyStatuses, { input: ids.map((id) => ({ orders: id })) });

		expect(sandbox.requestsFor('status')).toHaveLength(10);
		expect(result.json.map((item) => item.order)).toEqual(ids);
		expect(result.pairedWith).toEqual(ids.map((_, index) => index));
	});
});
