/**
 * Every shipped workflow is one n8n imports and the others can find: node names and IDs of its
 * own, connections between nodes it has, and every workflow it names (a sub-workflow it calls, its
 * error workflow) among the shipped ones, under the ID the README's set-up and the e2e run give it.
 */
import { shippedWorkflows } from '../harness/shipped-workflows';

interface FullNode {
	id?: string;
	name: string;
	type: string;
	parameters: Record<string, unknown>;
}

interface FullWorkflow {
	nodes: FullNode[];
	connections: Record<string, Record<string, Array<Array<{ node: string }> | null>>>;
	settings?: { errorWorkflow?: string };
}

const shipped = shippedWorkflows().map(({ file, workflow }) => ({
	file,
	id: /([^/]+)\.json$/.exec(file)![1],
	workflow: workflow as unknown as FullWorkflow,
}));

test.each(shipped.map(({ file, workflow }) => [file, workflow] as const))(
	'%s: node names and IDs are its own, and its connections join its nodes',
	(_file, workflow) => {
		const names = workflow.nodes.map((node) => node.name);
		const ids = workflow.nodes.map((node) => node.id);

		expect(new Set(names).size).toBe(names.length);
		expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
		expect(new Set(ids).size).toBe(ids.length);
		const joined = Object.entries(workflow.connections).flatMap(([from, outputs]) => [
			from,
			...Object.values(outputs).flatMap((branches) =>
				branches.flatMap((branch) => (branch ?? []).map((target) => target.node)),
			),
		]);
		expect(joined.filter((name) => !names.includes(name))).toEqual([]);
		// The editor keeps one Manual Trigger a workflow: an import drops any other.
		expect(
			workflow.nodes.filter((node) => node.type === 'n8n-nodes-base.manualTrigger').length,
		).toBeLessThanOrEqual(1);
	},
);

test('every workflow a shipped one names (a sub-workflow, an error workflow) is shipped under that ID', () => {
	const ids = shipped.map(({ id }) => id);
	const named = shipped.flatMap(({ file, workflow }) => [
		...workflow.nodes
			.filter((node) => node.type === 'n8n-nodes-base.executeWorkflow')
			.map((node) => [file, String((node.parameters.workflowId as { value: string }).value)]),
		...(workflow.settings?.errorWorkflow ? [[file, workflow.settings.errorWorkflow]] : []),
	]);

	expect(named.length).toBeGreaterThan(5);
	expect(named.filter(([, id]) => !ids.includes(id))).toEqual([]);
});
