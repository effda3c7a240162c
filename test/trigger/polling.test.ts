/**
 * What all events of the TZSMM Pay Trigger share: how it looks to n8n, where it keeps its state, and
 * how it fails.
 */
import { loadPackage, safeStringify } from '../../engine';
import { sectionOf } from '../harness/readme';
import { useTzsmmPayTrigger } from '../harness/trigger';
import trigger from './fixtures/trigger.json';

const { sandbox, activate } = useTzsmmPayTrigger(trigger);

test('follows n8n’s conventions for polling triggers', () => {
	const { description } = loadPackage().nodeTypes.getByNameAndVersion(
		'n8n-nodes-tzsmmpay.tzsmmPayTrigger',
	);

	expect(description).toMatchObject({
		displayName: 'TZSMM Pay Trigger',
		name: 'tzsmmPayTrigger',
		group: ['trigger'],
		polling: true,
		inputs: [],
		outputs: ['main'],
		credentials: [{ name: 'tzsmmPayApi', required: true }],
	});
	expect(description.usableAsTool).toBeFalsy();
	const event = description.properties.find((property) => property.name === 'event');
	expect(event?.options).toEqual([
		expect.objectContaining({ name: 'Balance Below Threshold', value: 'balanceBelow' }),
		expect.objectContaining({ name: 'Order Status Changed', value: 'orderStatusChanged' }),
		expect.objectContaining({ name: 'Service Catalogue Changed', value: 'serviceChanged' }),
	]);
});

test('a switch to another event starts afresh, like a first poll', async () => {
	const order = sandbox.addOrder(2, 'buyer@example.com');
	const workflow = activate({ event: 'orderStatusChanged', orderIds: String(order) });
	await workflow.poll();

	workflow.editTrigger({ event: 'balanceBelow', threshold: 10 });
	sandbox.state.balance = 3;
	const { items, error } = await workflow.poll();

	expect(error).toBeUndefined();
	expect(items).toBeUndefined();
	expect(workflow.nodeStaticData).toEqual({
		lastPoll: { event: 'balanceBelow', threshold: 10, below: true },
	});
});

test('Fetch Test Event on an active workflow leaves its recorded state alone', async () => {
	const order = sandbox.addOrder(2, 'buyer@example.com');
	const workflow = activate({ event: 'orderStatusChanged', orderIds: String(order) });
	await workflow.poll();
	const recorded = structuredClone(workflow.storedStaticData);
	sandbox.state.orders.get(order)!.status = 'Completed';

	const sample = await workflow.fetchTestEvent();

	expect(sample.items).toMatchObject([{ order, status: 'Completed', previousStatus: null }]);
	expect(workflow.storedStaticData).toEqual(recorded);
	expect((await workflow.poll()).items).toMatchObject([
		{ order, status: 'Completed', previousStatus: 'Pending' },
	]);
});

test('a rejected key fails the poll with the API’s message, and the key appears nowhere', async () => {
	const rejected = `${sandbox.apiKey}-revoked`;
	const workflow = activate({ event: 'serviceChanged' }, { credentials: { apiKey: rejected } });

	const { error, logs } = await workflow.poll();

	expect(error?.message).toBe('TZSMM Pay rejected the API key (Invalid API key)');
	expect(error?.httpCode).toBe('401');
	const everything = safeStringify(error) + logs.join('\n');
	expect(everything).not.toContain(rejected);
	expect(everything).not.toContain(sandbox.apiKey);
	expect(workflow.storedStaticData).toEqual({});
});

test('a failing poll after activation reaches n8n as the error of a failed execution', async () => {
	const workflow = activate({ event: 'serviceChanged' });
	await workflow.poll();
	sandbox.queueFault('serverErrorPage');

	const { error, items } = await workflow.poll();

	expect(items).toBeUndefined();
	expect(error?.constructor.name).toBe('NodeApiError');
	expect(error?.message).toBe('TZSMM Pay answered with an HTML page instead of JSON (HTTP 500)');
});

test('docs/trigger.md gives the messages these tests see', () => {
	const section = sectionOf('docs/trigger.md', '# TZSMM Pay Trigger in depth');

	for (const message of [
		'Invalid Order IDs: no order ID was given',
		'Invalid Order IDs: "abc" is not an order ID (a positive whole number)',
		'Invalid Threshold: "ten" is not a number',
		'Order 999 was not found (Incorrect order ID)',
	]) {
		expect(section).toContain(`\`${message}\``);
	}
});
