import { useTzsmmPayTrigger } from '../harness/trigger';
import trigger from './fixtures/trigger.json';

const { sandbox, activate, fetchTestEvent } = useTzsmmPayTrigger(trigger);

function serviceWithId(id: number) {
	return sandbox.state.services.find((service: { service: number }) => service.service === id)!;
}

describe('TZSMM Pay Trigger › Service Catalogue Changed', () => {
	test('the first poll records the catalogue and emits nothing', async () => {
		const workflow = activate({ event: 'serviceChanged' });

		const { items, error } = await workflow.poll();

		expect(error).toBeUndefined();
		expect(items).toBeUndefined();
		expect(workflow.nodeStaticData).toEqual({
			lastPoll: {
				event: 'serviceChanged',
				services: {
					2: { name: 'Monthly Silver', rate: 0.56 },
					3: { name: 'Monthly Gold', rate: 1.2 },
					7: { name: 'Yearly Gold', rate: 9.9 },
					11: { name: 'Setup Assistance', rate: 2.5 },
				},
			},
		});
	});

	test('emits each service added, removed or with a new rate, by ascending service ID', async () => {
		const workflow = activate({ event: 'serviceChanged' });
		await workflow.poll();
		sandbox.state.services.push({
			...serviceWithId(2),
			service: 5,
			name: 'Quarterly Silver',
			rate: 1.5,
		});
		sandbox.state.services = sandbox.state.services.filter(
			(service: { service: number }) => service.service !== 7,
		);
		serviceWithId(3).rate = 1.3;
		// A new name alone is not a change.
		serviceWithId(11).name = 'Setup Help';

		const { items, error } = await workflow.poll();

		expect(error).toBeUndefined();
		expect(items).toEqual([
			{ change: 'rateChanged', service: 3, name: 'Monthly Gold', rate: 1.3, previousRate: 1.2 },
			{ change: 'added', service: 5, name: 'Quarterly Silver', rate: 1.5, previousRate: null },
			{ change: 'removed', service: 7, name: 'Yearly Gold', rate: null, previousRate: 9.9 },
		]);
		expect((await workflow.poll()).items).toBeUndefined();
	});

	test('a rate sent as text is the same rate, not a change', async () => {
		const workflow = activate({ event: 'serviceChanged' });
		await workflow.poll();
		// The panel's JSON is typed loosely: the same rate may come as a number or as text.
		Object.assign(serviceWithId(3), { rate: '1.20' });

		const { items, error } = await workflow.poll();

		expect(error).toBeUndefined();
		expect(items).toBeUndefined();
	});

	test('a failed poll keeps the last good catalogue, so the next poll reports the change', async () => {
		const workflow = activate({ event: 'serviceChanged' });
		await workflow.poll();
		const baseline = structuredClone(workflow.storedStaticData);
		serviceWithId(2).rate = 0.6;
		sandbox.queueFault('challengePage');

		const failed = await workflow.poll();

		expect(failed.items).toBeUndefined();
		expect(failed.error?.message).toBe(
			'TZSMM Pay answered with an HTML page instead of JSON (HTTP 200)',
		);
		expect(workflow.storedStaticData).toEqual(baseline);

		const { items } = await workflow.poll();

		expect(items).toEqual([
			{ change: 'rateChanged', service: 2, name: 'Monthly Silver', rate: 0.6, previousRate: 0.56 },
		]);
	});

	test('Fetch Test Event lists the current catalogue, every service as added', async () => {
		const { items, error } = await fetchTestEvent({ event: 'serviceChanged' });

		expect(error).toBeUndefined();
		expect(items).toEqual([
			{ change: 'added', service: 2, name: 'Monthly Silver', rate: 0.56, previousRate: null },
			{ change: 'added', service: 3, name: 'Monthly Gold', rate: 1.2, previousRate: null },
			{ change: 'added', service: 7, name: 'Yearly Gold', rate: 9.9, previousRate: null },
			{ change: 'added', service: 11, name: 'Setup Assistance', rate: 2.5, previousRate: null },
		]);
	});
});
