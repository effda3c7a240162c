import { useTzsmmPayNode, type RunOptions, type WorkflowFixture } from '../harness/node';
import getBalance from '../account/fixtures/get-balance.json';
import create from '../order/fixtures/create.json';
import getStatus from '../order/fixtures/get-status.json';
import getManyStatuses from '../order/fixtures/get-many-statuses.json';
import getServices from '../service/fixtures/get-many.json';

const { sandbox, run } = useTzsmmPayNode();

interface Scenario {
	name: string;
	fixture: WorkflowFixture;
	options?: RunOptions;
	arrange?: () => void;
}

const echoedKeyError = () =>
	sandbox.queueFault({
		status: 403,
		contentType: 'application/json',
		body: JSON.stringify({ error: `Key ${sandbox.apiKey} is blocked` }),
	});

const scenarios: Scenario[] = [
	{ name: 'services listed', fixture: getServices },
	{
		name: 'an order placed',
		fixture: create,
		options: { input: [{ email: 'buyer@example.com' }] },
	},
	{
		name: 'a status read',
		fixture: getStatus,
		options: { input: [{ order: 23501 }] },
		arrange: () => sandbox.addOrder(2, 'a@b.co'),
	},
	{
		name: 'many statuses read',
		fixture: getManyStatuses,
		options: { input: [{ orders: '1,2,3' }] },
	},
	{ name: 'the balance read', fixture: getBalance },
	{ name: 'a wrong key', fixture: getBalance, options: { credentials: { apiKey: 'wrong-key' } } },
	{ name: 'a missing order', fixture: getStatus, options: { input: [{ order: 404 }] } },
	{
		name: 'an empty balance',
		fixture: create,
		options: { input: [{ email: 'buyer@example.com' }] },
		arrange: () => (sandbox.state.balance = 0),
	},
	{
		name: 'an HTML page that echoes the request URL',
		fixture: getBalance,
		arrange: () =>
			sandbox.queueFault({
				status: 500,
				body: `<html><body>Error at /api/smmpanel/v1?action=balance&key=${sandbox.apiKey}</body></html>`,
			}),
	},
	{ name: 'an API error that echoes the key', fixture: getBalance, arrange: echoedKeyError },
	{
		name: 'a connection reset',
		fixture: create,
		options: { input: [{ email: 'buyer@example.com' }] },
		arrange: () => sandbox.queueFault({ reset: true }),
	},
	{
		name: 'a redirect',
		fixture: getBalance,
		arrange: () =>
			sandbox.queueFault({ status: 301, headers: { Location: 'http://127.0.0.1:9/' } }),
	},
	{
		name: 'Continue On Fail',
		fixture: getStatus,
		options: { continueOnFail: true, input: [{ order: 1 }, { order: 'x' }] },
	},
];

describe('The API key', () => {
	test.each(scenarios)('appears in no output, error or log line: $name', async (scenario) => {
		scenario.arrange?.();

		const result = await run(scenario.fixture, scenario.options);

		// The key did reach the panel (where it was the right one), so its absence below is meaningful.
		expect(sandbox.state.requests.length).toBeGreaterThan(0);
		expect(result.allText).toContain('TZSMM Pay');
		expect(result.allText).not.toContain(sandbox.apiKey);
	});

	test('is replaced by *** where the panel echoed it', async () => {
		echoedKeyError();

		const result = await run(getBalance);

		expect(result.error.message).toBe('TZSMM Pay refused the request (Key *** is blocked)');
	});
});
