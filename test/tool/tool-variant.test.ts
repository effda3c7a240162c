/**
 * TZSMM Pay Tool as n8n derives it from the node and describes it to a model, read with n8n's own
 * functions: the parameters a saved tool node gets (NodeHelpers.getNodeParameters, which n8n
 * applies when it loads a workflow), the description the model reads
 * (NodeHelpers.getToolDescriptionForNode) and the inputs it is asked for (each `$fromAI()` of the
 * parameters, traverseNodeParameters). The AI Agent and the MCP client that call the real tool run
 * in test/e2e/09-agents.e2e.js.
 */
import {
	NodeHelpers,
	traverseNodeParameters,
	type FromAIArgument,
	type INode,
	type INodeParameters,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { loadPackage } from '../../engine';

const { nodeTypes } = loadPackage();
const describedAs = (type: string) => nodeTypes.getByName(type).description as INodeTypeDescription;
const plainNode = describedAs('n8n-nodes-tzsmmpay.tzsmmPay');
const toolNode = describedAs('n8n-nodes-tzsmmpay.tzsmmPayTool');

/** A node as n8n holds it once loaded: its saved parameters with the defaults filled in. */
function loaded(description: INodeTypeDescription, saved: INodeParameters): INode {
	const node: INode = {
		id: '1',
		name: 'Order Status',
		type: `n8n-nodes-tzsmmpay.${description.name}`,
		typeVersion: 1,
		position: [0, 0],
		parameters: saved,
	};
	node.parameters =
		NodeHelpers.getNodeParameters(description.properties, saved, true, false, node, description) ??
		{};
	return node;
}

/** The inputs the model is asked for: each `$fromAI()` key with its type. */
function modelInputs(node: INode): Record<string, string> {
	const found: FromAIArgument[] = [];
	traverseNodeParameters(node.parameters, found);
	return Object.fromEntries(found.map((input) => [input.key, input.type ?? 'string']));
}

const OPERATIONS = [
	{ resource: 'account', operation: 'getBalance', inputs: {} },
	{ resource: 'service', operation: 'getAll', inputs: {} },
	{ resource: 'order', operation: 'get', inputs: { orderId: 'number' } },
	{ resource: 'order', operation: 'getMany', inputs: { orderIds: 'string' } },
	{ resource: 'order', operation: 'create', inputs: { email: 'string', idempotencyKey: 'string' } },
];

describe('TZSMM Pay Tool', () => {
	test.each(OPERATIONS)(
		'$resource › $operation: the model reads a description of its own and is asked for $inputs',
		({ resource, operation, inputs }) => {
			const tool = loaded(toolNode, { resource, operation });

			const description = NodeHelpers.getToolDescriptionForNode(tool, {
				description: toolNode,
			} as never);

			expect(modelInputs(tool)).toEqual(inputs);
			// Written for a model: longer than n8n's fallback ("Get the account balance in TZSMM Pay"),
			// naming each input it is asked for.
			expect(description).toBe(tool.parameters.toolDescription);
			expect(description.length).toBeGreaterThan(120);
			for (const input of Object.keys(inputs)) expect(description).toContain(input);
		},
	);

	test('a description the reseller emptied falls back to the operation’s action, as n8n does', () => {
		const tool = loaded(toolNode, { resource: 'order', operation: 'get', toolDescription: ' ' });

		expect(NodeHelpers.getToolDescriptionForNode(tool, { description: toolNode } as never)).toBe(
			'Get order status in TZSMM Pay',
		);
	});

	test('the node declares toolDescription, so n8n adds no "Set Automatically" switch to the tool', () => {
		// n8n's conversion adds its own switch and description unless the node has this property.
		expect(plainNode.properties.map((property) => property.name)).toContain('toolDescription');
	});

	test('Create asks the model for a key, and has no Release switch nor key in Options', () => {
		const tool = loaded(toolNode, { resource: 'order', operation: 'create' });
		const createProperties = toolNode.properties.filter((property) =>
			JSON.stringify(property.displayOptions?.show ?? {}).includes('"create"'),
		);
		const keyField = createProperties.find(
			(property) =>
				property.name === 'idempotencyKey' && property.displayOptions?.show?.['@tool']?.[0],
		);

		expect(keyField?.required).toBe(true);
		expect(tool.parameters.idempotencyKey).toMatch(/^=\{\{ \$fromAI\('idempotencyKey', /);
		const toolOptions = createProperties.find(
			(property) => property.name === 'options' && property.displayOptions?.show?.['@tool']?.[0],
		);
		expect(toolOptions?.options?.map((option) => option.name)).not.toEqual(
			expect.arrayContaining(['idempotencyKey']),
		);
		expect(toolOptions?.options?.map((option) => option.name)).not.toContain(
			'releaseIdempotencyKey',
		);
	});

	test('Release Idempotency Key is not offered to a model', () => {
		const operationValues = (description: INodeTypeDescription) => {
			const node = loaded(description, { resource: 'order' });
			const shown = description.properties.filter(
				(property) =>
					property.name === 'operation' &&
					NodeHelpers.displayParameter(node.parameters, property, node, description),
			);
			return shown.flatMap((property) =>
				(property.options ?? []).map((option) => ('value' in option ? option.value : '')),
			);
		};

		expect(operationValues(plainNode)).toContain('releaseIdempotencyKey');
		expect(operationValues(toolNode)).toEqual(['create', 'get', 'getMany']);
	});

	test('the plain node is as before: no tool description, no key field, no $fromAI', () => {
		for (const { resource, operation } of OPERATIONS) {
			const node = loaded(plainNode, { resource, operation });

			expect(node.parameters.toolDescription).toBeUndefined();
			expect(modelInputs(node)).toEqual({});
		}
		expect(loaded(plainNode, { resource: 'order', operation: 'get' }).parameters.orderId).toBe('');
	});
});
