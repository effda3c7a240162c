/**
 * The Event a trigger runs when its saved parameters name none: n8n saves no value equal to the
 * default, so each version keeps the default it was saved with.
 */
import { useTzsmmPayTrigger } from '../harness/trigger';
import trigger from './fixtures/trigger.json';

/** The fixture's trigger as n8n saves it with every field at its default: no Event, no Order IDs. */
function savedWithDefaults(typeVersion: number) {
	const workflow = structuredClone(trigger);
	const [node] = workflow.nodes;
	node.typeVersion = typeVersion;
	node.parameters = { pollTimes: node.parameters.pollTimes } as typeof node.parameters;
	return workflow;
}

const version1 = useTzsmmPayTrigger(savedWithDefaults(1));
const version11 = useTzsmmPayTrigger(savedWithDefaults(1.1));

test('a new trigger (1.1) watches the balance, below 10, which any live shop needs', async () => {
	const { items, error } = await version11.fetchTestEvent();

	expect(error).toBeUndefined();
	expect(items).toEqual([{ balance: 25, currency: 'USD', threshold: 10 }]);
	expect(version11.sandbox.state.requests).toEqual([
		expect.objectContaining({ action: 'balance' }),
	]);
});

test('a trigger saved with version 1 keeps watching orders, as it was saved', async () => {
	// Its Order IDs, left empty, are what n8n holds it back for: the Order Status Changed event's.
	await expect(version1.fetchTestEvent()).rejects.toThrow('Parameter "Order IDs" is required.');
	expect(version1.sandbox.state.requests).toEqual([]);
});
