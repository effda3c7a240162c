/**
 * The Event a trigger runs when its saved parameters name none: n8n saves no value equal to the
 * default, so a new trigger left at its defaults watches the balance.
 */
import { useTzsmmPayTrigger } from '../harness/trigger';
import trigger from './fixtures/trigger.json';

/** The fixture's trigger as n8n saves it with every field at its default: no Event, no Order IDs. */
function savedWithDefaults() {
	const workflow = structuredClone(trigger);
	const [node] = workflow.nodes;
	node.parameters = { pollTimes: node.parameters.pollTimes } as typeof node.parameters;
	return workflow;
}

const savedTrigger = useTzsmmPayTrigger(savedWithDefaults());

test('a new trigger watches the balance, below 10, which any live shop needs', async () => {
	const { items, error } = await savedTrigger.fetchTestEvent();

	expect(error).toBeUndefined();
	expect(items).toEqual([{ balance: 25, currency: 'USD', threshold: 10 }]);
	expect(savedTrigger.sandbox.state.requests).toEqual([
		expect.objectContaining({ action: 'balance' }),
	]);
});
