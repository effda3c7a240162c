/**
 * The credential's Requests per Minute against a panel that allows so many requests a minute: set,
 * every request made with the credential in this process (all executions at once, the editor's
 * dropdowns too) is paced, and the panel refuses none; not set, 429s without Retry-After are
 * waited out and the run still completes. (The pacer's arithmetic is in test/unit/pacing.test.ts;
 * the trigger's budget in test/trigger/pacing.test.ts. This file has its own module state: the
 * pacer remembers the requests of earlier tests.)
 */
import type { IDataObject } from 'n8n-workflow';

import { builtModule } from '../../engine';
import type * as Pacing from '../../nodes/TzsmmPay/shared/transport/pacing';
import { useTzsmmPayNode } from '../harness/node';
import getManyStatuses from '../order/fixtures/get-many-statuses.json';
import createService from '../order/fixtures/create.json';

const { sandbox, run, list } = useTzsmmPayNode();
// The built module the engine loads, not the source: it holds the pacer the node uses.
const { requestPacer } = builtModule<typeof Pacing>('nodes/TzsmmPay/shared/transport/pacing');

/** `count` orders in the sandbox, as the list of their IDs. */
const placeOrders = (count: number) =>
	Array.from({ length: count }, (_, index) => sandbox.addOrder(2, `buyer${index}@example.com`));

const statusesOf = (orderIds: number[], credentials: IDataObject) =>
	run(getManyStatuses, { input: [{ orders: orderIds }], credentials });

/**
 * The panel's window, shortened from a minute to 2 seconds so that the test does not wait out
 * minutes, and the pacer's, a second longer as a minute and a second is in n8n (a request reaches
 * the panel a little after it took its turn). The pacer the node uses is this file's module of the
 * built package.
 */
const WINDOW_MS = 2000;
const PACING_WINDOW_MS = WINDOW_MS + 1000;
beforeAll(() => {
	Object.assign(requestPacer, { windowMs: PACING_WINDOW_MS });
});

test('set: two executions and a dropdown at once stay within the limit, and the panel refuses none', async () => {
	sandbox.limitRate({ perWindow: 3, windowMs: WINDOW_MS });
	const credentials = { requestsPerMinute: 3 };
	const first = placeOrders(200);
	const second = placeOrders(200);

	// Two executions of 2 requests each (100 IDs a request) and the service dropdown: 5 requests.
	const [one, two, services] = await Promise.all([
		statusesOf(first, credentials),
		statusesOf(second, credentials),
		list(createService, 'searchServices', undefined, { credentials }),
	]);

	expect(one.json).toHaveLength(200);
	expect(two.json).toHaveLength(200);
	expect(services.results.length).toBeGreaterThan(0);
	expect(sandbox.rateLimitedRequests()).toEqual([]);
	const sentAt = sandbox.state.requests.map((request) => request.at);
	expect(sentAt).toHaveLength(5);
	// 3 at once, the other 2 a window later: never more than 3 within a window.
	expect(sentAt[3] - sentAt[0]).toBeGreaterThanOrEqual(WINDOW_MS);
	expect(sentAt[4] - sentAt[1]).toBeGreaterThanOrEqual(WINDOW_MS);
});

test('not set: 429s without Retry-After are waited out, and the run completes', async () => {
	// A panel with a 2-second window, so that the test does not wait out minutes; the Rate Limit
	// Wait cuts the node's wait (a minute) to the same 2 seconds.
	sandbox.limitRate({ perWindow: 2, windowMs: 2000, retryAfter: false });
	const orderIds = placeOrders(500);

	const result = await run(getManyStatuses, {
		input: [{ orders: orderIds }],
		parameters: { options: { rateLimitWait: 2 } },
	});

	expect(result.json).toHaveLength(500);
	expect(result.json.every((json) => json.status === 'Pending')).toBe(true);
	expect(sandbox.rateLimitedRequests().length).toBeGreaterThan(0);
	const answered = sandbox.state.requests.filter((request) => request.fault === null);
	expect(answered).toHaveLength(5);
}, 60_000);

test('not set: a 429 with Retry-After is waited as the panel asks', async () => {
	sandbox.limitRate({ perWindow: 2, windowMs: 2000, retryAfter: true });
	const orderIds = placeOrders(300);

	const result = await run(getManyStatuses, { input: [{ orders: orderIds }] });

	expect(result.json).toHaveLength(300);
	const [refused] = sandbox.rateLimitedRequests();
	const next = sandbox.state.requests[sandbox.state.requests.indexOf(refused) + 1];
	expect(next.fault).toBeNull();
	expect(next.at - refused.at).toBeGreaterThanOrEqual(1000);
}, 60_000);
