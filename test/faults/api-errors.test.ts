import { useTzsmmPayNode } from '../harness/node';
import getBalance from '../account/fixtures/get-balance.json';
import create from '../order/fixtures/create.json';
import getStatus from '../order/fixtures/get-status.json';
import getManyStatuses from '../order/fixtures/get-many-statuses.json';
import getServices from '../service/fixtures/get-many.json';

const { sandbox, run } = useTzsmmPayNode();

/** Every operation of the node, with an input that is valid for it. */
const everyOperation = [
	['Service › Get Many', getServices, {}],
	['Order › Create', create, { email: 'buyer@example.com' }],
	['Order › Get Status', getStatus, { order: 23501 }],
	['Order › Get Many Statuses', getManyStatuses, { orders: '23501' }],
	['Account › Get Balance', getBalance, {}],
] as const;

describe.each(['http', 'body'] as const)('The API’s errors, sent as %s', (errorStyle) => {
	beforeEach(() => {
		sandbox.state.errorStyle = errorStyle;
	});

	test.each(everyOperation)(
		'Invalid API key fails %s with a 401 that names the key',
		async (_name, fixture, item) => {
			const result = await run(fixture, { credentials: { apiKey: 'wrong-key' }, input: [item] });

			expect(result.error.httpCode).toBe('401');
			expect(result.error.message).toBe('TZSMM Pay rejected the API key (Invalid API key)');
			expect(result.error.description).toMatch(/Check the API key in the TZSMM Pay API credential/);
			expect(result.error.context.itemIndex).toBe(0);
		},
	);

	test('Incorrect request is a 400', async () => {
		// The panel refuses an order for a service its catalogue still lists (say, one just paused).
		sandbox.queueFaultFor('add', {
			status: errorStyle === 'http' ? 400 : 200,
			contentType: 'application/json',
			body: '{"error":"Incorrect request"}',
		});

		const result = await run(create, { input: [{ email: 'buyer@example.com' }] });

		expect(result.error.httpCode).toBe('400');
		expect(result.error.message).toBe(
			'TZSMM Pay refused the request as incorrect (Incorrect request)',
		);
	});

	test('an unknown order ID is a 404 that names the order', async () => {
		const result = await run(getStatus, { input: [{ order: 4242 }] });

		expect(result.error.httpCode).toBe('404');
		expect(result.error.message).toBe('Order 4242 was not found (Incorrect order ID)');
	});

	test('an insufficient balance is a 402 with a hint to top up, and add is sent once', async () => {
		sandbox.state.balance = 0;

		const result = await run(create, { input: [{ email: 'buyer@example.com' }] });

		expect(result.error.httpCode).toBe('402');
		expect(result.error.message).toBe(
			"Your TZSMM Pay balance is too low for this order (You don't have sufficient balance)",
		);
		expect(result.error.description).toMatch(/^Top up your reseller balance/);
		expect(sandbox.requestsFor('add')).toHaveLength(1);
		expect(sandbox.state.orders.size).toBe(0);
	});
});

describe('Errors the documentation does not list', () => {
	test('an `error` text in an HTTP 200 body is an error, whatever it says', async () => {
		sandbox.queueFault({
			status: 200,
			contentType: 'application/json',
			body: '{"error":"Service is paused"}',
		});

		const result = await run(getServices);

		expect(result.error.message).toBe('TZSMM Pay refused the request (Service is paused)');
	});

	test('an HTTP error status with a JSON body that has no `error` says the status', async () => {
		sandbox.queueFault({ status: 500, contentType: 'application/json', body: '{"oops":true}' });

		const result = await run(getBalance);

		expect(result.error.httpCode).toBe('500');
		expect(result.error.message).toBe('TZSMM Pay answered with HTTP 500');
		expect(result.error.description).toBe('The body began: {"oops":true}');
	});
});
