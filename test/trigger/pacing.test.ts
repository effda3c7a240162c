/**
 * The trigger under the credential's Requests per Minute: the wait for a turn counts against the
 * poll's budget, so a poll that would wait past it leaves the rest to the next poll (which goes
 * on where it stopped), and no poll is abandoned by n8n. A file of its own: the pacer remembers
 * the requests of earlier tests in the process.
 */
import type { IDataObject } from 'n8n-workflow';

import { useTzsmmPayTrigger } from '../harness/trigger';
import trigger from './fixtures/trigger.json';

const { sandbox, activate } = useTzsmmPayTrigger(trigger);

test('a poll that would wait past its budget for its turn stops, and the next goes on from there', async () => {
	const orders = Array.from({ length: 250 }, (_, index) =>
		sandbox.addOrder(2, `buyer${index}@example.com`),
	);
	sandbox.limitRate({ perWindow: 1 });
	const workflow = activate(
		{ event: 'orderStatusChanged', orderIds: orders.join(',') },
		{ credentials: { requestsPerMinute: 1 } },
	);
	workflow.pollBudgetMs = 5000;

	const started = Date.now();
	const first = await workflow.poll();
	const second = await workflow.poll();

	expect([first.error, second.error]).toEqual([undefined, undefined]);
	// One request a minute: the first poll checks 100 orders, then its next turn is a minute
	// away, beyond its 5 s; the second poll's turn is still that far away, so it sends nothing.
	expect(sandbox.requestsFor('status')).toHaveLength(1);
	expect(sandbox.rateLimitedRequests()).toEqual([]);
	expect(Date.now() - started).toBeLessThan(5000);
	const lastPoll = workflow.nodeStaticData?.lastPoll as IDataObject;
	expect(Object.keys(lastPoll.statuses as IDataObject)).toHaveLength(100);
	expect(lastPoll.resumeAt).toBe(orders[100]);
});
