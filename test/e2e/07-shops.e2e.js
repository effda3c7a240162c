/**
 * Sales from real shops, in the real n8n: the shop workflows of examples/automations (WooCommerce
 * through n8n's own WooCommerce Trigger, Stripe Checkout verified with n8n's own nodes, any other
 * shop behind Header Auth), the licence-order workflow they all call, and the failure alert.
 *
 * The WooCommerce shop is a stand-in of its REST API on 127.0.0.1 (support/woocommerce.js) that
 * n8n registers its webhook with; Stripe's deliveries are signed by Stripe's own npm package over
 * the body exactly as Stripe sends it (pretty-printed JSON). Every product comes from the Data
 * table tzsmmpay_products, never from a delivery. The tests build on each other, in order, against
 * a sandbox of this file's own that is not reset between them.
 */
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const axios = require('axios');

const { createSandbox } = require('../../sandbox/server');
const { modulesDir, repoRoot } = require('../../real-n8n/toolchain');
const { startN8nServer } = require('../../real-n8n/n8n');
const {
	activate,
	createDataTable,
	deactivate,
	createOrdersTable,
	executionsOf,
	ok,
	settled,
	signIn,
	tableRows,
	waitFor,
} = require('../../real-n8n/rest');
const { screenshotWorkflow } = require('./support/browser');
const { readRunState } = require('../../real-n8n/run-state');
const { startSmtpServer } = require('./support/smtp');
const { startWooCommerce, wooOrder, wpJsonEncode } = require('./support/woocommerce');
const {
	ensureImported,
	importOwn,
	SHOP_HEADER,
	shopHeaderCredential,
} = require('./support/workflows');

// Stripe's official library, to sign deliveries as Stripe does; no request is made with it.
const StripeLibrary = require(path.join(modulesDir, 'stripe'));
const stripe = new (StripeLibrary.default ?? StripeLibrary)('sk_test_e2e_never_sent');
const flatted = require(path.join(modulesDir, 'flatted'));

const RESELLER = 'reseller@your-shop.example';
const STRIPE_SECRET = 'whsec_e2e0c3f1a9b84d7e6f5a4b3c2d1e0f9a8b7';
const WOO = { consumerKey: 'ck_e2e_5f2d8a1b9c', consumerSecret: 'cs_e2e_7e3b1d9f4a' };

/**
 * This file's own TZSMM Pay credential and sandbox: trigger workflows an earlier e2e file left
 * published would otherwise poll the run's shared sandbox while these tests count its requests.
 */
const SHOPS_SANDBOX_CREDENTIAL = {
	id: 'tzsmmpay-shops-sandbox',
	name: 'TZSMM Pay sandbox (shops)',
};

/** The workflow's nodes with this file's TZSMM Pay credential. */
const withShopsSandbox = (workflow) => ({
	...workflow,
	nodes: workflow.nodes.map((node) =>
		node.credentials?.tzsmmPayApi
			? { ...node, credentials: { ...node.credentials, tzsmmPayApi: SHOPS_SANDBOX_CREDENTIAL } }
			: node,
	),
});

const automationsDir = path.join(repoRoot, 'examples/automations');
const WORKFLOWS = Object.fromEntries(
	[
		['licenceOrder', 'licence-order'],
		['woo', 'shop-sale-woocommerce'],
		['stripe', 'shop-sale-stripe'],
		['anyShop', 'shop-sale-any-shop'],
		['failureAlert', 'shop-failure-alert'],
	].map(([key, id]) => [
		key,
		{ id, ...JSON.parse(fs.readFileSync(path.join(automationsDir, `${id}.json`), 'utf8')) },
	]),
);

const { apiKey } = readRunState();
const sandbox = createSandbox({ apiKey });
let smtp;
let woo;
let n8n;
let rest;
let ordersTable;

beforeAll(async () => {
	await ensureImported();
	const { baseUrl: sandboxBaseUrl } = await sandbox.listen();
	smtp = await startSmtpServer();
	woo = await startWooCommerce(WOO);

	await importOwn(
		'shops',
		[
			{
				...SHOPS_SANDBOX_CREDENTIAL,
				type: 'tzsmmPayApi',
				data: { apiKey, baseUrl: sandboxBaseUrl },
			},
			{
				id: 'tzsmmpay-smtp',
				name: 'Shop SMTP',
				type: 'smtp',
				data: { host: '127.0.0.1', port: smtp.port, secure: false, disableStartTls: true },
			},
			shopHeaderCredential(),
			{
				id: 'stripe-signing-secret',
				name: 'Stripe signing secret',
				type: 'crypto',
				data: { hmacSecret: STRIPE_SECRET },
			},
			{
				id: 'woocommerce-shop',
				name: 'WooCommerce shop',
				type: 'wooCommerceApi',
				data: { url: woo.baseUrl, ...WOO, includeCredentialsInQuery: false },
			},
		],
		Object.values(WORKFLOWS).map(withShopsSandbox),
	);

	n8n = await startN8nServer({}, 'n8n-shops');
	rest = await signIn(n8n.baseUrl);
	ordersTable = await createOrdersTable(rest);
	// The product mapping, as the README's set-up steps make it.
	await createDataTable(
		rest,
		'tzsmmpay_products',
		[
			{ name: 'product', type: 'string' },
			{ name: 'service', type: 'number' },
		],
		[
			{ product: 'TZ-SILVER', service: 2 },
			{ product: 'TZ-GOLD', service: 3 },
			{ product: 'MUG', service: 0 },
			{ product: 'plink_1SilverMonthly', service: 2 },
			{ product: 'price_1GoldMonthly', service: 3 },
			{ product: 'silver', service: 2 },
		],
	);
	for (const workflow of Object.values(WORKFLOWS)) await activate(rest, workflow);
	await waitUntilLive();
}, 300000);

/**
 * n8n 2.x publishes through a queue of its own, so a published workflow takes its deliveries a
 * moment after the Publish call returns: waits until WooCommerce holds the trigger's webhook and
 * both webhooks of n8n answer as registered.
 */
async function waitUntilLive() {
	await waitFor(
		'the WooCommerce webhook',
		async () => (woo.webhooks.size > 0 ? true : undefined),
		60000,
	);
	await wooSecretSaved();
	for (const webhookPath of ['tzsmmpay-stripe', 'tzsmmpay-shop-sale']) {
		await waitFor(
			`the production webhook ${webhookPath}`,
			async () => {
				// A GET (the webhooks take POST) tells registered from not without running anything.
				const probe = await axios.get(`${n8n.baseUrl}/webhook/${webhookPath}`, {
					validateStatus: () => true,
				});
				return /is not registered\.$/.test(probe.data?.message ?? '') ? undefined : true;
			},
			60000,
		);
	}
}

/**
 * n8n's WooCommerce Trigger registers its webhook in WooCommerce first and saves the webhook's
 * secret into the workflow's static data after: a delivery in between fails with "WooCommerce
 * webhook secret is missing". A real shop delivers long after; the run waits for the save.
 */
async function wooSecretSaved() {
	await waitFor(
		'the WooCommerce webhook secret in the workflow',
		async () => {
			const { staticData } = ok(await rest.get(`/rest/workflows/${WORKFLOWS.woo.id}`)).data;
			return JSON.stringify(staticData ?? {}).includes('"secret"') ? true : undefined;
		},
		60000,
	);
}

// Tests that lower the balance restore it, but one that fails half-way must not starve the next.
beforeEach(() => {
	sandbox.state.balance = 25;
});

afterAll(async () => {
	await n8n?.stop();
	await woo?.close();
	await smtp?.close();
	await sandbox.close();
});

const addsFor = (email) => sandbox.requestsFor('add').filter((r) => r.query.link === email);
const orderRows = () => tableRows(rest, ordersTable);
const resellerMails = () => smtp.to(RESELLER);

/** Waits for every execution of the shop workflow and of the licence-order workflow to end. */
async function allSettled(shop) {
	await settled(rest, shop);
	await settled(rest, WORKFLOWS.licenceOrder);
}

/** Waits until `count` e-mails went to `address` (n8n sends them before the shop is answered). */
async function mailsTo(address, count) {
	return await waitFor(
		`${count} e-mails to ${address}`,
		async () => (smtp.to(address).length >= count ? smtp.to(address) : undefined),
		30000,
	);
}

describe('WooCommerce, through n8n’s WooCommerce Trigger', () => {
	const { woo: workflow } = WORKFLOWS;
	const order = (id, email, lines, status = 'processing') => wooOrder({ id, email, status, lines });

	test('publishing registered the webhook through the REST API, with a secret of its own', () => {
		const hook = woo.webhookFor('order.updated');

		expect(hook.delivery_url).toBe(
			`${n8n.baseUrl}/webhook/c0ffee00-0007-4000-8000-000000000901/webhook`,
		);
		expect(hook.secret).toMatch(/^[0-9a-f]{32}$/);
		expect(woo.apiCalls).toEqual(
			expect.arrayContaining([
				{
					method: 'GET',
					path: '/wp-json/wc/v3/webhooks',
					query: { status: 'active', per_page: '100' },
				},
				{ method: 'POST', path: '/wp-json/wc/v3/webhooks', query: {} },
			]),
		);
	});

	test('an unsigned or wrongly signed delivery: 401, no execution, nothing sent to TZSMM Pay', async () => {
		const forged = order(700, 'mallory@example.com', [{ id: 1, sku: 'TZ-GOLD', quantity: 5 }]);

		const unsigned = await woo.deliver(forged, { signature: 'none' });
		const wrongSecret = await woo.deliver(forged, { secret: 'a-guessed-secret' });
		// A signature the shop's secret made, but over another body.
		const tampered = await woo.deliver(forged, {
			signature: crypto
				.createHmac('sha256', woo.webhookFor('order.updated').secret)
				.update(wpJsonEncode(order(700, 'ada@example.com', [])))
				.digest('base64'),
		});

		expect([unsigned.status, wrongSecret.status, tampered.status]).toEqual([401, 401, 401]);
		expect(sandbox.state.requests).toEqual([]);
		expect(await executionsOf(rest, workflow.id)).toEqual([]);
	});

	test('a paid order: one licence per unit of each mapped line item, each e-mailed and recorded; other items left alone', async () => {
		const paid = order(727, 'ada@example.com', [
			{ id: 11, sku: 'TZ-SILVER', quantity: 2, name: 'Monthly Silver' },
			{ id: 12, sku: 'MUG', quantity: 1, name: 'Shop mug' },
		]);

		const answer = await woo.deliver(paid);
		await allSettled(workflow);
		const mails = await mailsTo('ada@example.com', 2);

		expect(answer.status).toBe(200);
		expect(addsFor('ada@example.com').map((request) => request.query.service)).toEqual(['2', '2']);
		expect(await orderRows()).toEqual([
			{ order: 23501, email: 'ada@example.com', sale: 'woo:727:11:1', status: 'Pending' },
			{ order: 23502, email: 'ada@example.com', sale: 'woo:727:11:2', status: 'Pending' },
		]);
		expect(mails.map((mail) => mail.subject)).toEqual([
			'Your TZSMM Pay licence is on its way',
			'Your TZSMM Pay licence is on its way',
		]);
		expect(mails.map((mail) => mail.text.match(/\(order (\d+)\)/)[1]).sort()).toEqual([
			'23501',
			'23502',
		]);
		expect(resellerMails()).toEqual([]);
	});

	test('the same order delivered again (another update) orders nothing and e-mails nothing', async () => {
		await woo.deliver(order(727, 'ada@example.com', [{ id: 11, sku: 'TZ-SILVER', quantity: 2 }]));
		await allSettled(workflow);

		expect(addsFor('ada@example.com')).toHaveLength(2);
		expect(smtp.to('ada@example.com')).toHaveLength(2);
		expect(await orderRows()).toHaveLength(2);
	});

	test('ten deliveries of a new order at once: exactly one licence per unit', async () => {
		const paid = order(728, 'grace@example.com', [{ id: 21, sku: 'TZ-GOLD', quantity: 2 }]);
		sandbox.holdRepliesUntil('services', 10);

		const answers = await Promise.all(Array.from({ length: 10 }, () => woo.deliver(paid)));
		await allSettled(workflow);
		await mailsTo('grace@example.com', 2);

		expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
		expect(addsFor('grace@example.com').map((request) => request.query.service)).toEqual([
			'3',
			'3',
		]);
		expect(smtp.to('grace@example.com')).toHaveLength(2);
		expect((await orderRows()).filter((row) => row.sale.startsWith('woo:728:'))).toHaveLength(2);
	});

	test('an order not paid yet orders nothing', async () => {
		await woo.deliver(
			order(729, 'alan@example.com', [{ id: 31, sku: 'TZ-SILVER', quantity: 1 }], 'pending'),
		);
		await allSettled(workflow);

		expect(addsFor('alan@example.com')).toEqual([]);
		expect(smtp.to('alan@example.com')).toEqual([]);
	});

	test('a SKU with no row in tzsmmpay_products orders nothing and e-mails the reseller', async () => {
		await woo.deliver(
			order(730, 'barbara@example.com', [{ id: 41, sku: 'TZ-PLATINUM', quantity: 1 }]),
		);
		await allSettled(workflow);
		const [mail] = await mailsTo(RESELLER, 1);

		expect(addsFor('barbara@example.com')).toEqual([]);
		expect(smtp.to('barbara@example.com')).toEqual([]);
		expect(mail.subject).toBe('TZSMM Pay: WooCommerce sale 730 needs you');
		expect(mail.text).toContain('barbara@example.com');
		expect(mail.text).toContain('no row for the product "TZ-PLATINUM"');
	});

	test('a balance too low: no buyer e-mail, the reseller is told once; after a top-up the next delivery orders', async () => {
		sandbox.state.balance = 0.5;
		const paid = order(731, 'edsger@example.com', [{ id: 51, sku: 'TZ-SILVER', quantity: 1 }]);
		const told = resellerMails().length;

		await woo.deliver(paid);
		await allSettled(workflow);
		await woo.deliver(paid);
		await allSettled(workflow);
		const mails = await mailsTo(RESELLER, told + 1);

		expect(addsFor('edsger@example.com')).toHaveLength(2);
		expect(smtp.to('edsger@example.com')).toEqual([]);
		expect(resellerMails()).toHaveLength(told + 1);
		expect(mails[told].text).toContain('balance is too low');
		expect(mails[told].text).toContain('click Update');

		sandbox.state.balance = 25;
		await woo.deliver(paid);
		await allSettled(workflow);
		await mailsTo('edsger@example.com', 1);

		expect(addsFor('edsger@example.com')).toHaveLength(3);
		expect((await orderRows()).filter((row) => row.email === 'edsger@example.com')).toHaveLength(1);
	});
});

test('unpublishing the WooCommerce workflow deletes its webhook in WooCommerce; publishing registers it again', async () => {
	const before = woo.webhookFor('order.updated');
	// n8n publishes and unpublishes through a queue of its own: the webhook follows shortly after.
	const registered = () => [...woo.webhooks.values()];

	await deactivate(rest, WORKFLOWS.woo);
	const afterUnpublish = await waitFor(
		'the webhook to be deleted',
		async () => (registered().length === 0 ? registered() : undefined),
		30000,
	);
	await activate(rest, WORKFLOWS.woo);
	const [again] = await waitFor(
		'the webhook to be registered again',
		async () => (registered().length > 0 ? registered() : undefined),
		30000,
	);
	await wooSecretSaved();

	expect(afterUnpublish).toEqual([]);
	expect(registered()).toHaveLength(1);
	expect(woo.apiCalls).toContainEqual({
		method: 'DELETE',
		path: `/wp-json/wc/v3/webhooks/${before.id}`,
		query: { force: 'true' },
	});
	expect(again.id).not.toBe(before.id);
	expect(again.delivery_url).toBe(before.delivery_url);
});

describe('Stripe Checkout, verified with n8n’s Webhook, Extract From File, Crypto and IF nodes', () => {
	const { stripe: workflow } = WORKFLOWS;
	const url = () => `${n8n.baseUrl}/webhook/tzsmmpay-stripe`;

	/** A checkout.session.completed event as Stripe sends it. */
	function checkoutCompleted(
		sessionId,
		email,
		{ product = 'plink_1SilverMonthly', paid = true } = {},
	) {
		const viaMetadata = product.startsWith('price_');
		return {
			id: `evt_${sessionId}`,
			object: 'event',
			api_version: '2025-10-29.clover',
			created: Math.floor(Date.now() / 1000),
			type: 'checkout.session.completed',
			livemode: false,
			pending_webhooks: 1,
			request: { id: null, idempotency_key: null },
			data: {
				object: {
					id: sessionId,
					object: 'checkout.session',
					amount_total: 990,
					currency: 'usd',
					customer_details: { email, name: 'Ada Lovelace' },
					metadata: viaMetadata ? { tzsmmpay_product: product } : {},
					mode: 'payment',
					payment_link: viaMetadata ? null : product,
					payment_status: paid ? 'paid' : 'unpaid',
					status: 'complete',
				},
			},
		};
	}

	/**
	 * POSTs the event as Stripe does: pretty-printed JSON, signed by Stripe's library over exactly
	 * those bytes. `header` replaces the signature header (null leaves it out).
	 */
	async function deliver(event, { secret = STRIPE_SECRET, timestamp, header, body } = {}) {
		const payload = JSON.stringify(event, null, 2);
		const signature = stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
		const headers = { 'content-type': 'application/json; charset=utf-8' };
		if (header !== null) headers['stripe-signature'] = header ?? signature;
		const response = await axios.post(url(), body ?? payload, {
			headers,
			validateStatus: () => true,
			timeout: 60000,
			transformRequest: [(data) => data],
		});
		return { status: response.status, body: response.data };
	}

	test('the signature the deliveries carry is one Stripe’s own library accepts', () => {
		const payload = JSON.stringify(checkoutCompleted('cs_test_check', 'ada@example.com'), null, 2);
		const header = stripe.webhooks.generateTestHeaderString({ payload, secret: STRIPE_SECRET });

		expect(stripe.webhooks.constructEvent(payload, header, STRIPE_SECRET).id).toBe(
			'evt_cs_test_check',
		);
	});

	test('a paid checkout orders one licence, records it, e-mails the buyer and answers 200', async () => {
		const answer = await deliver(checkoutCompleted('cs_test_a1', 'ada.stripe@example.com'));
		await allSettled(workflow);
		await mailsTo('ada.stripe@example.com', 1);

		expect(answer).toEqual({
			status: 200,
			body: { sale: 'cs_test_a1', order: expect.any(Number), duplicate: false },
		});
		expect(addsFor('ada.stripe@example.com').map((request) => request.query.service)).toEqual([
			'2',
		]);
		expect((await orderRows()).filter((row) => row.sale === 'stripe:cs_test_a1:1')).toEqual([
			{
				order: answer.body.order,
				email: 'ada.stripe@example.com',
				sale: 'stripe:cs_test_a1:1',
				status: 'Pending',
			},
		]);
	});

	test('a session made through the API names its product in metadata', async () => {
		const answer = await deliver(
			checkoutCompleted('cs_test_a2', 'linus@example.com', { product: 'price_1GoldMonthly' }),
		);

		expect(answer.status).toBe(200);
		expect(addsFor('linus@example.com').map((request) => request.query.service)).toEqual(['3']);
	});

	test('the same event delivered again orders nothing and answers 200 as a duplicate', async () => {
		const answer = await deliver(checkoutCompleted('cs_test_a1', 'ada.stripe@example.com'));
		await allSettled(workflow);

		expect(answer).toEqual({ status: 200, body: { sale: 'cs_test_a1', duplicate: true } });
		expect(addsFor('ada.stripe@example.com')).toHaveLength(1);
		expect(smtp.to('ada.stripe@example.com')).toHaveLength(1);
	});

	test('ten deliveries of a new event at once place exactly one order', async () => {
		sandbox.holdRepliesUntil('services', 10);
		const event = checkoutCompleted('cs_test_a3', 'grace.stripe@example.com');

		const answers = await Promise.all(Array.from({ length: 10 }, () => deliver(event)));
		await allSettled(workflow);

		expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
		expect(answers.filter((answer) => answer.body.duplicate === false)).toHaveLength(1);
		expect(addsFor('grace.stripe@example.com')).toHaveLength(1);
		expect(await mailsTo('grace.stripe@example.com', 1)).toHaveLength(1);
	});

	test('unsigned, wrongly signed, replayed or altered: 401, and nothing reaches TZSMM Pay', async () => {
		const requestsBefore = sandbox.state.requests.length;
		const event = checkoutCompleted('cs_test_forged', 'mallory@example.com');
		const sixMinutesAgo = Math.floor(Date.now() / 1000) - 360;
		// The same event, re-serialised: a check over parsed and re-encoded JSON would pass it.
		const compact = JSON.stringify(event);

		const answers = [
			await deliver(event, { header: null }),
			await deliver(event, { secret: 'whsec_guessed' }),
			await deliver(event, { timestamp: sixMinutesAgo }),
			await deliver(event, { body: compact }),
			await deliver(event, { header: 't=1,v1=00' }),
		];
		await allSettled(workflow);

		expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401]);
		expect(answers[0].body).toEqual({
			error:
				'The Stripe-Signature header is missing, does not match, or is more than 5 minutes old',
		});
		expect(sandbox.state.requests.length).toBe(requestsBefore);
		expect(addsFor('mallory@example.com')).toEqual([]);
	});

	test('a delivery signed four minutes ago is still accepted', async () => {
		const fourMinutesAgo = Math.floor(Date.now() / 1000) - 240;

		const answer = await deliver(checkoutCompleted('cs_test_a4', 'tony@example.com'), {
			timestamp: fourMinutesAgo,
		});

		expect(answer.status).toBe(200);
		expect(addsFor('tony@example.com')).toHaveLength(1);
	});

	test('another event, or a session not paid, is acknowledged and orders nothing', async () => {
		const refunded = {
			...checkoutCompleted('cs_test_a5', 'ken@example.com'),
			type: 'charge.refunded',
		};
		const unpaid = checkoutCompleted('cs_test_a6', 'ken@example.com', { paid: false });

		const answers = [await deliver(refunded), await deliver(unpaid)];

		expect(answers).toEqual([
			{ status: 200, body: { received: true } },
			{ status: 200, body: { received: true } },
		]);
		expect(addsFor('ken@example.com')).toEqual([]);
	});

	test('an unknown product: 200, nothing ordered, and the reseller is e-mailed', async () => {
		const told = resellerMails().length;

		const answer = await deliver(
			checkoutCompleted('cs_test_a7', 'niklaus@example.com', { product: 'plink_1Unknown' }),
		);
		const mails = await mailsTo(RESELLER, told + 1);

		expect(answer).toEqual({
			status: 200,
			body: {
				sale: 'cs_test_a7',
				product: 'plink_1Unknown',
				ordered: false,
				error: 'unknown product',
			},
		});
		expect(addsFor('niklaus@example.com')).toEqual([]);
		expect(mails[told].subject).toBe('TZSMM Pay: Stripe sale cs_test_a7 needs you');
	});

	test('a balance too low: 503 so that Stripe delivers again, the reseller told once; after a top-up it orders', async () => {
		sandbox.state.balance = 0.5;
		const told = resellerMails().length;
		const event = checkoutCompleted('cs_test_a8', 'margaret@example.com');

		const first = await deliver(event);
		const second = await deliver(event);
		await mailsTo(RESELLER, told + 1);
		sandbox.state.balance = 25;
		const afterTopUp = await deliver(event);
		await allSettled(workflow);

		expect([first.status, second.status]).toEqual([503, 503]);
		expect(first.body).toEqual({
			sale: 'cs_test_a8',
			retryLater: true,
			error: expect.stringMatching(/^Your TZSMM Pay balance is too low/),
		});
		expect(resellerMails()).toHaveLength(told + 1);
		expect(resellerMails()[told].text).toContain('The shop delivers the sale again by itself');
		expect(afterTopUp).toEqual({
			status: 200,
			body: { sale: 'cs_test_a8', order: expect.any(Number), duplicate: false },
		});
		expect(addsFor('margaret@example.com')).toHaveLength(3);
		expect(await mailsTo('margaret@example.com', 1)).toHaveLength(1);
	});

	test('TZSMM Pay busy (429): 503 so that Stripe delivers again, and no one is e-mailed', async () => {
		const told = resellerMails().length;
		sandbox.queueFaultFor('add', 'tooManyRequestsWithoutRetryAfter');

		const busy = await deliver(checkoutCompleted('cs_test_a9', 'john@example.com'));
		const again = await deliver(checkoutCompleted('cs_test_a9', 'john@example.com'));
		await allSettled(workflow);

		expect(busy.status).toBe(503);
		expect(again.status).toBe(200);
		expect(addsFor('john@example.com')).toHaveLength(2);
		expect(resellerMails()).toHaveLength(told);
	});

	test('an order whose outcome is unknown: 200, the reseller told to check; released from the workflow’s own branch, the next delivery orders once', async () => {
		const told = resellerMails().length;
		sandbox.queueFaultFor('add', 'gatewayTimeout');
		const event = checkoutCompleted('cs_test_b1', 'frances@example.com');

		const unknown = await deliver(event);
		const repeated = await deliver(event);
		const mails = await mailsTo(RESELLER, told + 2);

		expect(unknown).toEqual({
			status: 200,
			body: { sale: 'cs_test_b1', duplicate: true, outcomeUnknown: true },
		});
		expect(repeated).toEqual(unknown);
		expect(addsFor('frances@example.com')).toHaveLength(1);
		expect(smtp.to('frances@example.com')).toEqual([]);
		expect(mails[told].text).toContain('Look for an order for frances@example.com in TZSMM Pay');
		expect(mails[told].text).toContain('release the key stripe:cs_test_b1:1');

		const released = await releaseKey('stripe:cs_test_b1:1');
		const ordered = await deliver(event);
		const again = await deliver(event);

		expect(released).toEqual([{ idempotencyKey: 'stripe:cs_test_b1:1', released: true }]);
		expect(ordered.body).toEqual({
			sale: 'cs_test_b1',
			order: expect.any(Number),
			duplicate: false,
		});
		expect(again.body).toEqual({ sale: 'cs_test_b1', duplicate: true });
		expect(addsFor('frances@example.com')).toHaveLength(2);
	});
});

/**
 * Runs the "Release a Held Key" branch of the licence-order workflow as a user does: the key typed
 * into Key to Release, then Execute workflow from that trigger. Returns the release node's items.
 */
async function releaseKey(key) {
	const { id } = WORKFLOWS.licenceOrder;
	const saved = ok(await rest.get(`/rest/workflows/${id}`)).data;
	const nodes = saved.nodes.map((node) =>
		node.name === 'Key to Release'
			? {
					...node,
					parameters: {
						...node.parameters,
						assignments: {
							assignments: [{ id: 'key', name: 'key', value: key, type: 'string' }],
						},
					},
				}
			: node,
	);
	ok(await rest.patch(`/rest/workflows/${id}`, { nodes, versionId: saved.versionId }));
	const { executionId } = ok(
		await rest.post(`/rest/workflows/${id}/run`, {
			triggerToStartFrom: { name: 'Release a Held Key' },
		}),
	).data;
	const execution = await waitFor(
		'the release execution',
		async () => {
			const found = ok(await rest.get(`/rest/executions/${executionId}`)).data;
			return ['success', 'error', 'crashed'].includes(found.status) ? found : undefined;
		},
		60000,
	);
	expect(execution.status).toBe('success');
	const { runData } = flatted.parse(execution.data).resultData;
	return runData['Release Idempotency Key'][0].data.main[0].map((item) => item.json);
}

describe('any other shop, behind Header Auth', () => {
	const { anyShop: workflow } = WORKFLOWS;

	async function deliver(sale, headers = { [SHOP_HEADER.name]: SHOP_HEADER.value }) {
		const response = await axios.post(`${n8n.baseUrl}/webhook/tzsmmpay-shop-sale`, sale, {
			headers,
			validateStatus: () => true,
			timeout: 60000,
		});
		return { status: response.status, body: response.data };
	}

	test('without the header, or with a wrong one: 403 from n8n, no execution, nothing sent to TZSMM Pay', async () => {
		const requestsBefore = sandbox.state.requests.length;
		const sale = { saleId: 'S-1', product: 'silver', email: 'mallory@example.com' };

		const answers = [await deliver(sale, {}), await deliver(sale, { [SHOP_HEADER.name]: 'guess' })];

		expect(answers.map((answer) => answer.status)).toEqual([403, 403]);
		expect(sandbox.state.requests.length).toBe(requestsBefore);
		expect(await executionsOf(rest, workflow.id)).toEqual([]);
	});

	test('a sale with the header orders its product from the table, once', async () => {
		const sale = { saleId: 'S-2', product: 'silver', email: 'edith@example.com', name: 'Edith' };

		const first = await deliver(sale);
		const again = await deliver(sale);
		await allSettled(workflow);
		const [mail] = await mailsTo('edith@example.com', 1);

		expect(first).toEqual({
			status: 200,
			body: { sale: 'S-2', order: expect.any(Number), duplicate: false },
		});
		expect(again).toEqual({ status: 200, body: { sale: 'S-2', duplicate: true } });
		expect(addsFor('edith@example.com').map((request) => request.query.service)).toEqual(['2']);
		expect(mail.text).toMatch(/^Hello Edith,/);
	});

	test('a service ID in the request is not used: only the product table decides', async () => {
		const answer = await deliver({
			saleId: 'S-3',
			product: 'silver',
			service: 7,
			email: 'hedy@example.com',
		});

		expect(answer.status).toBe(200);
		expect(addsFor('hedy@example.com').map((request) => request.query.service)).toEqual(['2']);
	});

	test('an e-mail address the node refuses: 200, nothing ordered, the reseller told why', async () => {
		const told = resellerMails().length;

		const answer = await deliver({ saleId: 'S-4', product: 'silver', email: 'not-an-address' });
		const mails = await mailsTo(RESELLER, told + 1);

		expect(answer).toEqual({
			status: 200,
			body: { sale: 'S-4', ordered: false, error: expect.stringMatching(/^Invalid Buyer Email/) },
		});
		expect(sandbox.requestsFor('add').filter((r) => r.query.link === 'not-an-address')).toEqual([]);
		expect(mails[told].text).toContain('would not change that');
	});

	test('a sale without an ID orders nothing (it could not be ordered once only)', async () => {
		const told = resellerMails().length;

		const answer = await deliver({ product: 'silver', email: 'anon@example.com' });

		expect(answer).toEqual({
			status: 200,
			body: { sale: null, ordered: false, error: 'incomplete sale' },
		});
		expect(addsFor('anon@example.com')).toEqual([]);
		expect((await mailsTo(RESELLER, told + 1))[told].text).toContain('The sale has no ID');
	});
});

describe('the failure alert', () => {
	test('a shop workflow that fails (the mail server refuses the buyer) e-mails the reseller', async () => {
		const { anyShop } = WORKFLOWS;
		smtp.refuseRecipients.add('refused@example.com');
		const failuresBefore = smtp.messages.filter((mail) =>
			mail.subject.startsWith('TZSMM Pay automation failed'),
		).length;

		const response = await axios.post(
			`${n8n.baseUrl}/webhook/tzsmmpay-shop-sale`,
			{ saleId: 'S-5', product: 'silver', email: 'refused@example.com' },
			{ headers: { [SHOP_HEADER.name]: SHOP_HEADER.value }, validateStatus: () => true },
		);
		const alerts = await waitFor(
			'the failure e-mail',
			async () => {
				const found = smtp.messages.filter((mail) =>
					mail.subject.startsWith('TZSMM Pay automation failed'),
				);
				return found.length > failuresBefore ? found : undefined;
			},
			60000,
		);
		await allSettled(anyShop);
		smtp.refuseRecipients.clear();

		expect(response.status).toBe(500);
		expect(alerts[failuresBefore].subject).toBe(`TZSMM Pay automation failed: ${anyShop.name}`);
		expect(alerts[failuresBefore].to).toEqual([RESELLER]);
		expect(alerts[failuresBefore].text).toContain('/executions/');
		// The order was placed before the e-mail failed; a retry will not order it again.
		expect(addsFor('refused@example.com')).toHaveLength(1);
	});
});

test('the API key appears in no e-mail, no stored execution and no log line', async () => {
	const executions = [];
	for (const workflow of Object.values(WORKFLOWS)) {
		for (const { id } of await executionsOf(rest, workflow.id)) {
			executions.push(ok(await rest.get(`/rest/executions/${id}`)).data);
		}
	}
	expect(new Set(executions.map((execution) => execution.workflowId)).size).toBe(5);
	for (const mail of smtp.messages) expect(mail.raw).not.toContain(apiKey);
	for (const execution of executions) expect(JSON.stringify(execution)).not.toContain(apiKey);
	expect(n8n.output()).not.toContain(apiKey);
});

test('the editor shows the WooCommerce workflow (screenshot for the docs)', async () => {
	const { file, nodeTexts } = await screenshotWorkflow(
		n8n.baseUrl,
		WORKFLOWS.woo.id,
		'woocommerce-workflow',
	);

	for (const name of ['WooCommerce Order', 'Paid?', 'Sale Lines', 'Order Licences']) {
		expect(nodeTexts).toContain(name);
	}
	expect(fs.statSync(file).size).toBeGreaterThan(10000);
});
