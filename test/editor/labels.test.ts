/**
 * What the editor shows, by n8n's UX guidelines: a readable subtitle on the canvas, actions without
 * articles, "e.g." placeholders, the warnings that matter in the panel, and the words a reseller
 * types in the nodes panel's search.
 */
import {
	Workflow,
	type INode,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { loadPackage } from '../../engine';
import { readProjectFile } from '../harness/project-files';

const builtPackage = loadPackage();
const descriptionOf = (type: string) =>
	builtPackage.nodeTypes.getByName(type).description as INodeTypeDescription;
const node = descriptionOf('n8n-nodes-tzsmmpay.tzsmmPay');
const trigger = descriptionOf('n8n-nodes-tzsmmpay.tzsmmPayTrigger');

/** The subtitle the canvas shows for a node of `type` with these parameters saved. */
function subtitle(type: string, typeVersion: number, parameters: INodeParameters): unknown {
	const saved: INode = {
		id: '1',
		name: 'Node',
		type,
		typeVersion,
		position: [0, 0],
		parameters,
	};
	const workflow = new Workflow({
		nodes: [saved],
		connections: {},
		active: false,
		nodeTypes: builtPackage.nodeTypes,
	});
	const expression = descriptionOf(type).subtitle ?? '';
	return workflow.expression.getSimpleParameterValue(saved, expression, 'internal', {});
}

test.each([
	[{ resource: 'order', operation: 'create' }, 'Create order'],
	[{ resource: 'order', operation: 'get' }, 'Get order status'],
	[{ resource: 'order', operation: 'getMany' }, 'Get many order statuses'],
	[{ resource: 'order', operation: 'releaseIdempotencyKey' }, 'Release idempotency key'],
	[{ resource: 'service', operation: 'getAll' }, 'Get many services'],
	[{ resource: 'account', operation: 'getBalance' }, 'Get account balance'],
])('the node’s subtitle for %j is “%s”', (parameters, shown) => {
	expect(subtitle('n8n-nodes-tzsmmpay.tzsmmPay', 1.2, parameters)).toBe(shown);
});

test.each([
	['balanceBelow', 'Balance Below Threshold'],
	['orderStatusChanged', 'Order Status Changed'],
	['serviceChanged', 'Service Catalogue Changed'],
])('the trigger’s subtitle for the event %s is “%s”', (event, shown) => {
	expect(subtitle('n8n-nodes-tzsmmpay.tzsmmPayTrigger', 1.1, { event })).toBe(shown);
});

/** Every property, with those nested in collections. */
function allProperties(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => [
		property,
		...allProperties(
			(property.options ?? []).filter((option): option is INodeProperties => 'type' in option),
		),
	]);
}

test('every action reads as a verb and its object, without an article', () => {
	const actions = node.properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) => property.options ?? [])
		.map((option) => ('action' in option ? option.action : undefined));

	expect(actions).not.toContain(undefined);
	expect(actions.filter((action) => /\b(a|an|the)\b/i.test(action ?? ''))).toEqual([]);
});

test('every placeholder of a field one types into is an example, “e.g. …”', () => {
	const typed = [...allProperties(node.properties), ...allProperties(trigger.properties)].filter(
		(property) => property.placeholder !== undefined && property.type === 'string',
	);

	expect(typed.length).toBeGreaterThan(4);
	expect(typed.filter((property) => !property.placeholder?.startsWith('e.g. '))).toEqual([]);
});

test('Create warns in the panel: the balance, Retry On Fail, the Idempotency Key; the tool: agents', () => {
	const notices = node.properties.filter(
		(property) =>
			property.type === 'notice' && property.displayOptions?.show?.operation?.[0] === 'create',
	);

	expect(
		notices.map((notice) => [notice.displayOptions?.show?.['@tool'], notice.displayName]),
	).toEqual([
		[
			[false],
			expect.stringMatching(/spends your TZSMM Pay balance.*Retry On Fail.*off.*Idempotency Key/),
		],
		[[true], expect.stringMatching(/AI agent.*can spend your balance.*never to a public chat/)],
	]);
});

test('Order Status Changed points live shops to the licence-ready pattern', () => {
	const events = trigger.properties.find((property) => property.name === 'event')?.options ?? [];
	const orderStatusChanged = events.find(
		(option): option is INodePropertyOptions =>
			'value' in option && option.value === 'orderStatusChanged',
	);

	expect(orderStatusChanged?.description).toMatch(
		/Schedule Trigger, the orders from your table and Get Status.*licence-ready/,
	);
});

test.each(['TzsmmPay.node.json', 'TzsmmPayTrigger.node.json'])(
	'%s lets the nodes panel find the node by SMM, reseller and licence',
	(codex) => {
		const { alias } = JSON.parse(readProjectFile(`nodes/TzsmmPay/${codex}`)) as { alias: string[] };

		expect(alias).toEqual(expect.arrayContaining(['SMM', 'reseller', 'licence', 'license']));
	},
);
