/**
 * Every fault the mock can inject, against every operation (and so every action): the node raises
 * a NodeApiError that says what came back and names the item, sends read-only requests again only
 * after transient faults, sends `add` exactly once, never follows a redirect, and never shows the key.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { createSandbox, FAULT_NAMES } from '../../sandbox/server';
import { useTzsmmPayNode, type WorkflowFixture } from '../harness/node';
import { safeStringify } from '../../engine';
import getBalance from '../account/fixtures/get-balance.json';
import create from '../order/fixtures/create.json';
import getStatus from '../order/fixtures/get-status.json';
import getManyStatuses from '../order/fixtures/get-many-statuses.json';
import getServices from '../service/fixtures/get-many.json';
import { attemptsFor, FAULTS, finalMessage, type Action } from './fault-expectations';

const { sandbox, run } = useTzsmmPayNode();

const RETRIES = 3;
const TIMEOUT_SECONDS = 1;

interface Operation {
	name: string;
	action: Action;
	fixture: WorkflowFixture;
	/** Items for the Start node; `{{order}}` stands for an existing order's ID. */
	input: IDataObject[];
	/** The operation sends one request per item; otherwise one request serves every item. */
	perItem: boolean;
}

const operations: Operation[] = [
	{
		name: 'Service > Get Many',
		action: 'services',
		fixture: getServices,
		input: [{}],
		perItem: false,
	},
	{
		name: 'Account > Get Balance',
		action: 'balance',
		fixture: getBalance,
		input: [{}],
		perItem: false,
	},
	{
		name: 'Order > Get Status',
		action: 'status',
		fixture: getStatus,
		input: [{ order: 23501 }, { order: 4242 }],
		perItem: false,
	},
	{
		name: 'Order > Get Many Statuses',
		action: 'status',
		fixture: getManyStatuses,
		input: [{ orders: '23501' }, { orders: '23501, 4242' }],
		perItem: false,
	},
	{
		name: 'Order > Create',
		action: 'add',
		fixture: create,
		input: [{ email: 'first@example.com' }, { email: 'second@example.com' }],
		perItem: true,
	},
];

const redirectTarget = createSandbox();
beforeAll(async () => {
	await redirectTarget.listen();
});
afterAll(async () => {
	await redirectTarget.close();
});
beforeEach(() => {
	redirectTarget.reset();
	sandbox.addOrder(2, 'buyer@example.com');
	sandbox.state.retryAfterSeconds = 0;
	sandbox.state.redirectTo = `${redirectTarget.baseUrl}?action=balance`;
});

test('the expectations cover every fault the sandbox can inject', () => {
	expect(Object.keys(FAULTS).sort()).toEqual([...FAULT_NAMES].sort());
});

const cases = operations.flatMap((operation) =>
	FAULT_NAMES.map((fault) => {
		const attempts = attemptsFor(fault, operation.action, RETRIES);
		const sent = `${attempts} request(s)`;
		return { ...operation, fault, attempts, sent };
	}),
);

test.each(cases)(
	'$name meeting $fault: a NodeApiError naming the item, $sent, no key anywhere',
	async ({ fault, action, fixture, input, perItem, attempts }) => {
		// With one request per item, the first item is answered normally and the fault strikes the
		// second; otherwise the one shared request fails for the first item.
		const failingItem = perItem ? 1 : 0;
		// A Rate Limit Wait of 10 ms, so that 429s without Retry-After do not wait out a minute.
		const options: INodeParameters =
			action === 'add'
				? { timeout: TIMEOUT_SECONDS, rateLimitWait: 0.01 }
				: { timeout: TIMEOUT_SECONDS, retries: RETRIES, retryWait: 1, rateLimitWait: 0.01 };
		sandbox.clearLog();
		// Create first reads the catalogue; faults strike only the operation's own action.
		sandbox.injectFaults({ kinds: [fault], skip: failingItem, actions: [action] });

		const result = await run(fixture, { input, parameters: { options } });

		// What came back, in plain words, and which item it struck.
		// The engine hands back the error serialized, so its class shows by name.
		expect(result.error.name).toBe('NodeApiError');
		expect(result.error.message).toBe(
			finalMessage(fault, action, { attempts, timeoutSeconds: TIMEOUT_SECONDS }),
		);
		expect(result.error.context.itemIndex).toBe(failingItem);
		expect(result.error.httpCode ?? undefined).toBe(FAULTS[fault].httpCode);
		if (action === 'add' && FAULTS[fault].outcomeUnknown) {
			expect(result.error.description).toMatch(
				/^The panel may have placed and charged the order before the answer was lost/,
			);
		}

		// Sent again only when transient, and `add` only after a 429.
		expect(sandbox.requestsFor(action)).toHaveLength(failingItem + attempts);
		expect(sandbox.requestsFor(action).map((request) => request.fault)).toEqual([
			...Array(failingItem).fill(null),
			...Array(attempts).fill(fault),
		]);

		// The key is in no text a user or a log sees (the error's message, description and the
		// response n8n keeps as its cause included), and a redirect target receives nothing.
		expect(safeStringify(result.error)).not.toContain(sandbox.apiKey);
		expect(result.allText).not.toContain(sandbox.apiKey);
		expect(redirectTarget.state.requests).toEqual([]);
	},
);
