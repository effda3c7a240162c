// The shop automations of examples/automations in a real n8n, set up as their sticky notes tell a
// reseller: imported under their own IDs (so that the Record Sale nodes and the error workflow find
// the ledger and the alert), each Set Up executed once, the products filled in. Shared by the e2e
// files and `npm run bench:sales`.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { repoRoot, modulesDir } = require('./toolchain');
const {
	activate,
	findDataTable,
	insertRows,
	ok,
	tableRows,
	waitFor,
	waitUntilRegistered,
} = require('./rest');

const automationsDir = path.join(repoRoot, 'examples/automations');

/** The shipped files, by the ID each is imported under (the ID the others name it by). */
const SHOP_WORKFLOW_FILES = {
	'sales-ledger': 'sales-ledger.json',
	'shop-sale-woocommerce': 'shop-sale-woocommerce.json',
	'shop-sale-stripe': 'shop-sale-stripe.json',
	'shop-sale-any-shop': 'shop-sale-any-shop.json',
	'shop-failure-alert': 'shop-failure-alert.json',
	'daily-summary': 'daily-summary.json',
};

/** The credentials the shipped shop workflows name (the reseller chooses theirs in their place). */
const SHOP_CREDENTIALS = {
	tzsmmPay: { id: 'tzsmmpay-sandbox', name: 'TZSMM Pay sandbox' },
	smtp: { id: 'tzsmmpay-smtp', name: 'Shop SMTP' },
	headerAuth: { id: 'shop-header-auth', name: 'Shop webhook header' },
	wooCommerce: { id: 'woocommerce-shop', name: 'WooCommerce shop' },
	stripe: { id: 'stripe-account', name: 'Stripe account' },
};

/**
 * The credentials of SHOP_CREDENTIALS as `n8n import:credentials` takes them, pointed at the
 * stand-ins: the sandbox panel, the SMTP server, the WooCommerce shop (`woo` is its base URL with
 * the REST API keys) and Stripe (the secret key: all the README asks to copy from Stripe).
 */
function shopCredentials({ apiKey, sandboxUrl, smtpPort, shopHeader, woo, stripeKey }) {
	const { baseUrl: wooUrl, ...wooKeys } = woo;
	return [
		{ ...SHOP_CREDENTIALS.tzsmmPay, type: 'tzsmmPayApi', data: { apiKey, baseUrl: sandboxUrl } },
		{
			...SHOP_CREDENTIALS.smtp,
			type: 'smtp',
			data: { host: '127.0.0.1', port: smtpPort, secure: false, disableStartTls: true },
		},
		{ ...SHOP_CREDENTIALS.headerAuth, type: 'httpHeaderAuth', data: shopHeader },
		{
			...SHOP_CREDENTIALS.wooCommerce,
			type: 'wooCommerceApi',
			data: { url: wooUrl, ...wooKeys, includeCredentialsInQuery: false },
		},
		{ ...SHOP_CREDENTIALS.stripe, type: 'stripeApi', data: { secretKey: stripeKey } },
	];
}

/** The address the shipped workflows e-mail the reseller at. */
const RESELLER = 'reseller@your-shop.example';

/** The product mapping a reseller fills into tzsmmpay_products, for every shop the tests run. */
const PRODUCTS = [
	{ product: 'TZ-SILVER', service: 2 },
	{ product: 'TZ-GOLD', service: 3 },
	{ product: 'MUG', service: 0 },
	{ product: 'prod_Silver', service: 2 },
	{ product: 'prod_Gold', service: 3 },
	{ product: 'silver', service: 2 },
	{ product: 'gold', service: 3 },
];

function readAutomation(file) {
	return JSON.parse(fs.readFileSync(path.join(automationsDir, file), 'utf8'));
}

/**
 * The ledger with shorter timings, for a run that cannot wait minutes: its retry schedule every
 * `everySeconds`, and its Retry Settings (seconds, and minutes before the reseller is told) as
 * given; everything else as shipped.
 */
function withLedgerTimings(ledger, { everySeconds, ...settings }) {
	return {
		...ledger,
		nodes: ledger.nodes.map((node) => {
			if (node.name === 'Every Minute') {
				return {
					...node,
					parameters: { rule: { interval: [{ field: 'seconds', secondsInterval: everySeconds }] } },
				};
			}
			if (node.name !== 'Retry Settings') return node;
			const assignments = node.parameters.assignments.assignments.map((assignment) =>
				assignment.name in settings
					? { ...assignment, value: String(settings[assignment.name]) }
					: assignment,
			);
			return {
				...node,
				parameters: { ...node.parameters, assignments: { assignments } },
			};
		}),
	};
}

/** The WooCommerce and Stripe workflows' catch-up schedule (*Every 10 Minutes*) with `rule`. */
const withCatchUpRule = (workflow, rule) => ({
	...workflow,
	nodes: workflow.nodes.map((node) =>
		node.name === 'Every 10 Minutes' ? { ...node, parameters: { ...node.parameters, rule } } : node,
	),
});

/** A Schedule Trigger rule that does not fire during a test run: the catch-ups are run by hand. */
const CATCH_UP_BY_HAND = { interval: [{ field: 'cronExpression', expression: '0 0 0 1 1 *' }] };

/**
 * The shop workflows with their import IDs, the ledger's timings shortened by `ledgerTimings`
 * (see withLedgerTimings) and the catch-ups' schedule replaced by `catchUpRule`, when given.
 */
function shopWorkflows({ ledgerTimings, catchUpRule } = {}) {
	return Object.fromEntries(
		Object.entries(SHOP_WORKFLOW_FILES).map(([id, file]) => {
			let workflow = readAutomation(file);
			if (id === 'sales-ledger' && ledgerTimings)
				workflow = withLedgerTimings(workflow, ledgerTimings);
			if (['shop-sale-woocommerce', 'shop-sale-stripe'].includes(id) && catchUpRule)
				workflow = withCatchUpRule(workflow, catchUpRule);
			return [id, { ...workflow, id }];
		}),
	);
}

/** Runs a saved workflow from one of its triggers, as Execute workflow does; returns its execution. */
async function runFromTrigger(rest, workflowId, trigger) {
	const { executionId } = ok(
		await rest.post(`/rest/workflows/${workflowId}/run`, { triggerToStartFrom: { name: trigger } }),
	).data;
	return await waitFor(
		`the execution from ${trigger}`,
		async () => {
			const execution = ok(await rest.get(`/rest/executions/${executionId}`)).data;
			return ['success', 'error', 'crashed', 'canceled'].includes(execution.status)
				? execution
				: undefined;
		},
		60000,
	);
}

/**
 * What the sticky notes ask once: Execute workflow from the ledger's Set Up (the Data tables) and,
 * with `wooCommerce`, from the WooCommerce workflow's (its cut-off); then tzsmmpay_products filled in.
 */
async function setUpShops(rest, { wooCommerce = true, products = PRODUCTS } = {}) {
	for (const [workflowId, wanted] of [
		['sales-ledger', true],
		['shop-sale-woocommerce', wooCommerce],
	]) {
		if (!wanted) continue;
		const execution = await runFromTrigger(rest, workflowId, 'Set Up');
		if (execution.status !== 'success')
			throw new Error(`Set Up of ${workflowId} ended ${execution.status}`);
	}
	await insertRows(rest, await findDataTable(rest, 'tzsmmpay_products'), products);
}

/**
 * Set Up executed and `published` published in the n8n at `baseUrl`; then waits until each shop can
 * deliver, since n8n 2.x publishes through a queue of its own a moment after the Publish call
 * returns: WooCommerce holds the trigger's webhook and n8n has saved its secret, Stripe holds the
 * trigger's endpoint, and the any-shop webhook is registered.
 */
async function publishShops(rest, baseUrl, { woo, stripe }, published) {
	await setUpShops(rest);
	for (const workflow of published) await activate(rest, workflow);
	await waitFor(
		'the WooCommerce webhook',
		async () => (woo.webhooks.size > 0 ? true : undefined),
		60000,
	);
	await wooSecretSaved(rest);
	await waitFor(
		'the Stripe endpoint',
		async () => (stripe.endpoints.size > 0 ? true : undefined),
		60000,
	);
	await waitUntilRegistered(`${baseUrl}/webhook/tzsmmpay-shop-sale`);
}

/**
 * n8n's WooCommerce Trigger registers its webhook in WooCommerce first and saves the webhook's
 * secret into the workflow's static data after: a delivery in between fails with "WooCommerce
 * webhook secret is missing". A real shop delivers long after; the run waits for the save.
 */
async function wooSecretSaved(rest, workflowId = 'shop-sale-woocommerce') {
	await waitFor(
		'the WooCommerce webhook secret in the workflow',
		async () => {
			const { staticData } = ok(await rest.get(`/rest/workflows/${workflowId}`)).data;
			return JSON.stringify(staticData ?? {}).includes('"secret"') ? true : undefined;
		},
		60000,
	);
}

/** Every licence of the sales ledger, with n8n's own columns. */
async function ledgerRows(rest) {
	return await tableRows(rest, await findDataTable(rest, 'tzsmmpay_sales'), { system: true });
}

/** An execution's run data, parsed from the `flatted` JSON n8n stores. */
function runDataOf(execution) {
	const flatted = require(path.join(modulesDir, 'flatted'));
	return flatted.parse(execution.data).resultData.runData;
}

module.exports = {
	CATCH_UP_BY_HAND,
	PRODUCTS,
	RESELLER,
	SHOP_CREDENTIALS,
	ledgerRows,
	publishShops,
	shopCredentials,
	runDataOf,
	runFromTrigger,
	setUpShops,
	shopWorkflows,
	wooSecretSaved,
};
