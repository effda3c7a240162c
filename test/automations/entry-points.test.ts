/**
 * No shipped workflow can order from a request nobody authenticated. Every node that takes
 * requests from outside (a webhook, a shop's trigger, a chat, an MCP client) either authenticates
 * them itself (Header Auth, Bearer Auth; the WooCommerce Trigger, which checks
 * X-WC-Webhook-Signature) or reaches a node that orders (TZSMM Pay Create, as a node or as an AI
 * agent's tool, or a call of the licence-order workflow) only through the true branch of a
 * signature check. An AI agent reaches every tool connected to it, and so does the MCP Server
 * Trigger. The e2e run (07-shops) proves each guard against forged deliveries in a real
 * n8n; this test keeps a later edit of the files from opening a way around them.
 */
import { shippedWorkflows, type Workflow, type WorkflowNode } from '../harness/shipped-workflows';

/** Nodes that start a workflow for a request from outside n8n. */
const INBOUND = new Set([
	'n8n-nodes-base.webhook',
	'n8n-nodes-base.wooCommerceTrigger',
	'n8n-nodes-base.formTrigger',
	'@n8n/n8n-nodes-langchain.chatTrigger',
	'@n8n/n8n-nodes-langchain.mcpTrigger',
]);

/** How an inbound node authenticates requests itself, if it does. */
function ownGuard(node: WorkflowNode): string | undefined {
	if (node.type === 'n8n-nodes-base.wooCommerceTrigger') return 'X-WC-Webhook-Signature';
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

/** An IF node that lets through only what carries a valid Stripe signature (its true branch). */
function isSignatureCheck(node: WorkflowNode): boolean {
	const text = JSON.stringify(node.parameters);
	return (
		node.type === 'n8n-nodes-base.if' &&
		text.includes('stripe-signature') &&
		text.includes('expectedSignature') &&
		text.includes('$now')
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

/**
 * The ordering nodes a request reaches from `entry` without any authentication; with
 * `passSignatureChecks`, also those it reaches only through a signature check.
 */
function unguardedOrderingFrom(
	workflow: Workflow,
	entry: WorkflowNode,
	passSignatureChecks = false,
): string[] {
	const byName = new Map(workflow.nodes.map((node) => [node.name, node]));
	const tools = toolsByUser(workflow);
	const reached: string[] = [];
	const seen = new Set<string>();
	const queue = [entry.name];
	while (queue.length > 0) {
		const name = queue.shift()!;
		if (seen.has(name)) continue;
		seen.add(name);
		const node = byName.get(name)!;
		if (ordersMoney(node)) reached.push(name);
		queue.push(...(tools.get(name) ?? []));
		const outputs = workflow.connections[name]?.main ?? [];
		outputs.forEach((targets, outputIndex) => {
			if (isSignatureCheck(node) && outputIndex === 0 && !passSignatureChecks) return;
			for (const target of targets ?? []) queue.push(target.node);
		});
	}
	return reached;
}

function unauthenticatedWaysToOrder(workflow: Workflow): string[] {
	return workflow.nodes
		.filter((node) => INBOUND.has(node.type) && ownGuard(node) === undefined)
		.flatMap((entry) =>
			unguardedOrderingFrom(workflow, entry).map((target) => `${entry.name} → ${target}`),
		);
}

/** What guards an inbound node's way to the orders, if it reaches any. */
function guardOf(workflow: Workflow, node: WorkflowNode): string {
	const own = ownGuard(node);
	if (own !== undefined) return own;
	const reachable = unguardedOrderingFrom(workflow, node, true);
	return reachable.length > 0 ? 'signature check' : 'none: reaches no order';
}

const workflows = shippedWorkflows();
const byFile = (file: string) => structuredClone(workflows.find((w) => w.file === file)!.workflow);

test('the shop workflows are among the shipped files', () => {
	expect(workflows.map(({ file }) => file)).toEqual(
		expect.arrayContaining([
			'automations/shop-sale-woocommerce.json',
			'automations/shop-sale-stripe.json',
			'automations/shop-sale-any-shop.json',
			'automations/shop-sale-to-licence.json',
			'automations/shop-sale-to-licence-queue-mode.json',
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
			['automations/shop-sale-stripe.json', 'Stripe Event', 'signature check'],
			['automations/shop-sale-any-shop.json', 'Shop Sale', 'headerAuth'],
			['automations/shop-sale-to-licence.json', 'Shop Sale', 'headerAuth'],
			['automations/shop-sale-to-licence-queue-mode.json', 'Shop Sale', 'headerAuth'],
			['agents/mcp-server.json', 'MCP Server Trigger', 'bearerAuth'],
			['agents/buyer-support-chat.json', 'When Chat Message Received', 'none: reaches no order'],
		]),
	);
});

describe('what the check catches', () => {
	test('Header Auth turned off', () => {
		const open = byFile('automations/shop-sale-any-shop.json');
		open.nodes.find((node) => node.name === 'Shop Sale')!.parameters.authentication = 'none';

		expect(unauthenticatedWaysToOrder(open)).toEqual(['Shop Sale → Order Licences']);
	});

	test('the Stripe signature check bypassed', () => {
		const bypassed = byFile('automations/shop-sale-stripe.json');
		bypassed.connections['Expected Signature'].main = [[{ node: 'Paid Checkout?' }]];

		expect(unauthenticatedWaysToOrder(bypassed)).toEqual(['Stripe Event → Order Licences']);
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

	test('an order reached from the failing branch of the signature check', () => {
		const wired = byFile('automations/shop-sale-stripe.json');
		wired.connections['Signed by Stripe?'].main![1].push({ node: 'Sale' });

		expect(unauthenticatedWaysToOrder(wired)).toEqual(['Stripe Event → Order Licences']);
	});
});
