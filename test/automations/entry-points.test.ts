/**
 * No shipped workflow can order from a request nobody authenticated. Every node that takes
 * requests from outside (a webhook, a shop's trigger, a chat, an MCP client) either authenticates
 * them itself (Header Auth, Bearer Auth; the WooCommerce Trigger, which checks
 * X-WC-Webhook-Signature; the Stripe Trigger, which checks Stripe-Signature) or reaches no node
 * that orders (TZSMM Pay Create, as a node or as an AI agent's tool, or a call of the sales
 * ledger). An AI agent reaches every tool connected to it, and so does the MCP Server Trigger. The
 * e2e run (07-shops) proves each guard against forged deliveries in a real n8n; this test keeps a
 * later edit of the files from opening a way around them.
 */
import { shippedWorkflows, type Workflow, type WorkflowNode } from '../harness/shipped-workflows';

/** Nodes that start a workflow for a request from outside n8n. */
const INBOUND = new Set([
	'n8n-nodes-base.webhook',
	'n8n-nodes-base.wooCommerceTrigger',
	'n8n-nodes-base.stripeTrigger',
	'n8n-nodes-base.formTrigger',
	'@n8n/n8n-nodes-langchain.chatTrigger',
	'@n8n/n8n-nodes-langchain.mcpTrigger',
]);

/** How an inbound node authenticates requests itself, if it does. */
function ownGuard(node: WorkflowNode): string | undefined {
	if (node.type === 'n8n-nodes-base.wooCommerceTrigger') return 'X-WC-Webhook-Signature';
	if (node.type === 'n8n-nodes-base.stripeTrigger') return 'Stripe-Signature';
	const authentication = node.parameters.authentication;
	if (typeof authentication === 'string' && authentication !== 'none') return authentication;
	return undefined;
}

function ordersMoney(node: WorkflowNode): boolean {
	if (node.type === 'n8n-nodes-base.executeWorkflow') return true;
	return (
		['n8n-nodes-tzsmmpay.tzsmmPay', 'n8n-nodes-tzsmmpay.tzsmmPayTool'].includes(node.type) &&
		(node.parameters.resource ?? 'order') === 'order' &&
		(node.parameters.operation ?? 'create') === 'create'
	);
}

/** For each agent (or MCP Server Trigger), the tools connected to it. */
function toolsByUser(workflow: Workflow): Map<string, string[]> {
	const tools = new Map<string, string[]>();
	for (const [tool, outputs] of Object.entries(workflow.connections)) {
		for (const user of (outputs.ai_tool ?? []).flat()) {
			tools.set(user.node, [...(tools.get(user.node) ?? []), tool]);
		}
	}
	return tools;
}

/** The ordering nodes a request reaches from `entry`, through connections and an agent's tools. */
function orderingReachedFrom(workflow: Workflow, entry: WorkflowNode): string[] {
	const byName = new Map(workflow.nodes.map((node) => [node.name, node]));
	const tools = toolsByUser(workflow);
	const reached: string[] = [];
	const seen = new Set<string>();
	const queue = [entry.name];
	while (queue.length > 0) {
		const name = queue.shift()!;
		if (seen.has(name)) continue;
		seen.add(name);
		if (ordersMoney(byName.get(name)!)) reached.push(name);
		queue.push(...(tools.get(name) ?? []));
		for (const targets of workflow.connections[name]?.main ?? []) {
			for (const target of targets ?? []) queue.push(target.node);
		}
	}
	return reached;
}

function unauthenticatedWaysToOrder(workflow: Workflow): string[] {
	return workflow.nodes
		.filter((node) => INBOUND.has(node.type) && ownGuard(node) === undefined)
		.flatMap((entry) =>
			orderingReachedFrom(workflow, entry).map((target) => `${entry.name} → ${target}`),
		);
}

/** What guards an inbound node's way to the orders, if it reaches any. */
function guardOf(workflow: Workflow, node: WorkflowNode): string {
	return (
		ownGuard(node) ??
		(orderingReachedFrom(workflow, node).length > 0 ? 'none' : 'none: reaches no order')
	);
}

const workflows = shippedWorkflows();
const byFile = (file: string) => structuredClone(workflows.find((w) => w.file === file)!.workflow);

test('the shop workflows are among the shipped files', () => {
	expect(workflows.map(({ file }) => file)).toEqual(
		expect.arrayContaining([
			'automations/sales-ledger.json',
			'automations/shop-sale-woocommerce.json',
			'automations/shop-sale-stripe.json',
			'automations/shop-sale-any-shop.json',
		]),
	);
});

test.each(workflows.map(({ file, workflow }) => [file, workflow] as const))(
	'%s: no request from outside reaches an order unauthenticated',
	(_file, workflow) => {
		expect(unauthenticatedWaysToOrder(workflow)).toEqual([]);
	},
);

test('each way in to the shop workflows has its guard', () => {
	const guards = workflows.flatMap(({ file, workflow }) =>
		workflow.nodes
			.filter((node) => INBOUND.has(node.type))
			.map((node) => [file, node.name, guardOf(workflow, node)] as const),
	);

	expect(guards).toEqual(
		expect.arrayContaining([
			['automations/shop-sale-woocommerce.json', 'WooCommerce Order', 'X-WC-Webhook-Signature'],
			['automations/shop-sale-stripe.json', 'Stripe Checkout', 'Stripe-Signature'],
			['automations/shop-sale-any-shop.json', 'Shop Sale', 'headerAuth'],
			['agents/mcp-server.json', 'MCP Server Trigger', 'bearerAuth'],
			['agents/buyer-support-chat.json', 'When Chat Message Received', 'none: reaches no order'],
		]),
	);
});

describe('what the check catches', () => {
	test('Header Auth turned off', () => {
		const open = byFile('automations/shop-sale-any-shop.json');
		open.nodes.find((node) => node.name === 'Shop Sale')!.parameters.authentication = 'none';

		expect(unauthenticatedWaysToOrder(open)).toEqual(['Shop Sale → Record Sale']);
	});

	test('the Stripe Trigger replaced by a plain Webhook', () => {
		const unsigned = byFile('automations/shop-sale-stripe.json');
		const trigger = unsigned.nodes.find((node) => node.name === 'Stripe Checkout')!;
		trigger.type = 'n8n-nodes-base.webhook';
		trigger.parameters = { httpMethod: 'POST', path: 'stripe' };

		expect(unauthenticatedWaysToOrder(unsigned)).toEqual(['Stripe Checkout → Record Sale']);
	});

	test('Create given as a tool to the public chat’s agent', () => {
		const chat = byFile('agents/buyer-support-chat.json');
		chat.nodes.push({
			name: 'Order Licence',
			type: 'n8n-nodes-tzsmmpay.tzsmmPayTool',
			parameters: { resource: 'order', operation: 'create' },
		});
		chat.connections['Order Licence'] = { ai_tool: [[{ node: 'AI Agent' }]] };

		expect(unauthenticatedWaysToOrder(chat)).toEqual([
			'When Chat Message Received → Order Licence',
		]);
	});

	test('the MCP server’s token turned off, with Create among its tools', () => {
		const mcp = byFile('agents/mcp-server.json');
		mcp.nodes.find((node) => node.name === 'MCP Server Trigger')!.parameters.authentication =
			'none';
		mcp.nodes.find((node) => node.name === 'Get Balance')!.parameters = {
			resource: 'order',
			operation: 'create',
		};

		expect(unauthenticatedWaysToOrder(mcp)).toEqual(['MCP Server Trigger → Get Balance']);
	});
});
