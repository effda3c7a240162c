/**
 * What a reseller reads on the canvas after importing a shipped workflow: every workflow explains
 * itself in a sticky note, in n8n 2.x's words, naming the nodes it has; nothing a click starts can
 * order; no two workflows claim the same webhook path; no path of one machine is baked in.
 */
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { loadPackage } from '../../engine';
import { shippedWorkflows, type Workflow } from '../harness/shipped-workflows';

const shipped = shippedWorkflows();

const notesOf = (workflow: Workflow) =>
	workflow.nodes
		.filter((node) => node.type === 'n8n-nodes-base.stickyNote')
		.map((node) => String(node.parameters.content));

/** The labels the package's nodes show: fields, options, "Resource › Operation". */
function packageLabels(): Set<string> {
	const { nodeTypes, nodeTypeNames } = loadPackage();
	const labels = new Set<string>();
	const collect = (properties: INodeProperties[]) => {
		for (const property of properties) {
			labels.add(property.displayName);
			for (const option of property.options ?? []) {
				if ('values' in option) {
					labels.add(option.displayName);
					collect(option.values);
				} else if ('type' in option) {
					collect([option as INodeProperties]);
				} else {
					labels.add(option.name);
				}
			}
		}
	};
	for (const type of nodeTypeNames) {
		collect((nodeTypes.getByName(type).description as INodeTypeDescription).properties);
	}
	labels.add('Order › Create');
	return labels;
}

/** Fields of n8n's own nodes and credentials that the notes name, as n8n 2.41.1 labels them. */
const N8N_LABELS = [
	'Bearer Auth',
	'To Email',
	'Name',
	'Value',
	'Signature Secret',
	'Order updated',
];

test.each(shipped.map(({ file, workflow }) => [file, workflow]))(
	'%s explains itself in a sticky note, in n8n 2.x words',
	(_file, workflow) => {
		const notes = notesOf(workflow).join('\n');
		const startsByHand = workflow.nodes.some(
			(node) => node.type === 'n8n-nodes-base.manualTrigger' && node.parameters !== undefined,
		);
		const runsOnItsOwn = workflow.nodes.some(
			(node) =>
				/Trigger$|\.webhook$/.test(node.type) &&
				!['n8n-nodes-base.manualTrigger', 'n8n-nodes-base.executeWorkflowTrigger'].includes(
					node.type,
				),
		);

		expect(notes).not.toBe('');
		expect(notes).not.toMatch(/\bactivat/i);
		if (runsOnItsOwn) expect(notes).toContain('**Publish**');
		if (startsByHand && !runsOnItsOwn) expect(notes).toContain('**Execute workflow**');
	},
);

test('every name a sticky note sets in italics is a node there, a workflow, or a label the editor shows', () => {
	const workflowNames = shipped.map(({ workflow }) => workflow.name);
	const fileNames = shipped.map(({ file }) => /([^/]+)\.json$/.exec(file)?.[1] ?? file);
	const labels = packageLabels();
	const unknown = shipped.flatMap(({ file, workflow }) => {
		const nodes = new Set(workflow.nodes.map((node) => node.name));
		return notesOf(workflow)
			.flatMap((note) =>
				[...note.matchAll(/(?<![*\w])\*([^*\n]+)\*(?!\*)/g)].map(([, name]) => name),
			)
			.filter(
				(name) =>
					!nodes.has(name) &&
					!labels.has(name) &&
					!N8N_LABELS.includes(name) &&
					!fileNames.includes(name) &&
					!workflowNames.some((workflowName) => workflowName.endsWith(name.replace(/^…/, ''))),
			)
			.map((name) => `${file}: *${name}*`);
	});

	expect(unknown).toEqual([]);
});

test('no order can start from a click: a Create that a Manual Trigger reaches has no Buyer Email yet', () => {
	const clickable = shipped.flatMap(({ file, workflow }) => {
		const reached = new Set<string>();
		const visit = (name: string) => {
			for (const branch of workflow.connections[name]?.main ?? []) {
				for (const { node } of branch) {
					if (!reached.has(node)) {
						reached.add(node);
						visit(node);
					}
				}
			}
		};
		for (const node of workflow.nodes) {
			if (node.type === 'n8n-nodes-base.manualTrigger') visit(node.name);
		}
		return workflow.nodes
			.filter(
				(node) =>
					reached.has(node.name) &&
					node.type === 'n8n-nodes-tzsmmpay.tzsmmPay' &&
					(node.parameters.resource ?? 'order') === 'order' &&
					(node.parameters.operation ?? 'create') === 'create',
			)
			.map((node) => ({ file, node: node.name, link: node.parameters.link }));
	});

	expect(clickable).toEqual([
		{ file: 'place-order-and-check-status.json', node: 'Place Order', link: '' },
	]);
});

test('no two workflows take the same webhook: every path and webhook ID is their own', () => {
	const webhooks = shipped.flatMap(({ workflow }) =>
		workflow.nodes.flatMap((node) => {
			const own = node as typeof node & { webhookId?: string };
			return [
				...(node.type === 'n8n-nodes-base.webhook' ? [`path ${String(node.parameters.path)}`] : []),
				...(own.webhookId ? [`webhook ID ${own.webhookId}`] : []),
			];
		}),
	);

	expect(webhooks.length).toBeGreaterThan(5);
	expect(new Set(webhooks).size).toBe(webhooks.length);
});

test('no workflow names a path of one machine', () => {
	const machinePaths = shipped.filter(({ workflow }) =>
		/["\s(`](\/(home|root|Users|tmp|var|opt|data)\/|[A-Z]:\\\\)/.test(JSON.stringify(workflow)),
	);

	expect(machinePaths.map(({ file }) => file)).toEqual([]);
});
