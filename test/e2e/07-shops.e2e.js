/**
 * Sales from real shops, in the real n8n, through the sales ledger: WooCommerce through n8n's own
 * WooCommerce Trigger and, for what its webhook missed, n8n's WooCommerce node; Stripe through n8n's
 * own Stripe Trigger; any other shop behind Header Auth. Every licence gets its row in the Data
 * table tzsmmpay_sales before it is ordered, and its product comes from tzsmmpay_products, never
 * from a delivery.
 *
 * The counterparts are stand-ins on 127.0.0.1 (stand-ins/): WooCommerce's REST API, with an order
 * book, webhooks and the order list with its filters and paging; Stripe's API, answered by an
 * HTTPS-intercepting proxy that n8n reaches through HTTPS_PROXY and trusts through
 * NODE_EXTRA_CA_CERTS, with deliveries signed by Stripe's own library with the secret the stand-in
 * gave the endpoint n8n registered. The workflows are set up as their sticky notes say: each Set Up
 * executed once, the products filled in, then published. The tests build on each other, in order,
 * against a sandbox of this file's own that is not reset between them.
 */
'use strict';

const crypto = require('node:crypto');
const axios = require('axios');

const { createSandbox } = require('../../sandbox/server');
const { startN8nServer } = require('../../real-n8n/n8n');
const {
	activate,
	deactivate,
	executionsOf,
	findDataTable,
	ok,
	settled,
	signIn,
	tableRows,
	waitFor,
} = require('../../real-n8n/rest');
const {
	CATCH_UP_BY_HAND,
	ledgerRows,
	publishShops,
	RESELLER,
	runFromTrigger,
	shopWorkflows,
	wooSecretSaved,
} = require('../../real-n8n/shop-workflows');
const { readRunState } = require('../../real-n8n/run-state');
const { sessionEvent } = require('../../stand-ins/stripe');
const { wpJsonEncode, wooOrder } = require('../../stand-ins/woocommerce');
const { startShopStandIns } = require('./support/shops');
const { SHOP_HEADER } = require('./support/workflows');

const WOO = { consumerKey: 'ck_e2e_5f2d8a1b9c', consumerSecret: 'cs_e2e_7e3b1d9f4a' };
const STRIPE_KEY = `sk_live_e2e_${crypto.randomBytes(8).toString('hex')}`;

const { apiKey } = readRunState();
// The catch-ups run when a test runs them, not on a clock that may strike in the middle of a test.
const WORKFLOWS = shopWorkflows({ catchUpRule: CATCH_UP_BY_HAND });
const {
	'sales-ledger': ledger,
	'shop-sale-woocommerce': wooWorkflow,
	'shop-sale-stripe': stripeWorkflow,
	'shop-sale-any-shop': anyShopWorkflow,
	'shop-failure-alert': failureAlert,
} = WORKFLOWS;
const PUBLISHED = [failureAlert, ledger, wooWorkflow, stripeWorkflow, anyShopWorkflow];

// This file's own sandbox: trigger workflows an earlier file left published poll the run's shared one.
const sandbox = createSandbox({ apiKey });
/** The stand-ins (SMTP, WooCommerce, Stripe), this file's n8n and its REST session, once started. */
let smtp, woo, stripe, n8n, rest, closeStandIns;

beforeAll(async () => {
	const shops = { sandbox, workflows: WORKFLOWS, wooKeys: WOO, stripeKey: STRIPE_KEY };
	({ smtp, woo, stripe, close: closeStandIns } = await startShopStandIns('shops', shops));
	n8n = await startN8nServer(stripe.n8nEnv(), 'n8n-shops');
	rest = await signIn(n8n.baseUrl);
	await publishShops(rest, n8n.baseUrl, { woo, stripe }, PUBLISHED);
}, 300000);

// Tests that lower the balance restore it, but one that fails half-way must not starve the next.
beforeEach(() => {
	sandbox.state.balance = 50;
});

afterAll(async () => {
	await n8n?.stop();
	await closeStandIns?.();
});

const addsFor = (email) => sandbox.requestsFor('add').filter((r) => r.query.link === email);
const resellerMails = () => smtp.to(RESELLER);
const licencesOf = async (shop, sale) =>
	(await ledgerRows(rest))
		.filter((row) => row.shop === shop && row.sale === String(sale))
		.map(({ key, state, order, service }) => ({ key, state, order, service }));

/** The executions a delivery started (not the Set Up a test ran by hand). */
const deliveredExecutions = async (workflow) =>
	(await executionsOf(rest, workflow.id)).filter((execution) => execution.mode !== 'manual');

/** Waits for every execution of the shop workflow and of the ledger to end. */
async function allSettled(shop) {
	await settled(rest, shop);
	await settled(rest, ledger);
}

/** Waits until `count` e-mails went to `address`. */
async function mailsTo(address, count) {
	return await waitFor(
		`${count} e-mails to ${address}`,
		async () => (smtp.to(address).length >= count ? smtp.to(address) : undefined),
		30000,
	);
}

describe('WooCommerce, through n8n’s WooCommerce Trigger and WooCommerce node', () => {
	const order = (spec) => woo.addOrder(spec);

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

	test('Set Up recorded the cut-off: now, in the Data table tzsmmpay_shops', async () => {
		const rows = await tableRows(rest, await findDataTable(rest, 'tzsmmpay_shops'));

		expect(rows).toEqual([{ shop: 'WooCommerce', ordersFrom: expect.any(String) }]);
		expect(Date.now() - Date.parse(rows[0].ordersFrom)).toBeGreaterThan(0);
		expect(Date.now() - Date.parse(rows[0].ordersFrom)).toBeLessThan(300000);
	});

	test('an unsigned or wrongly signed delivery: 401, no execution, nothing sent to TZSMM Pay', async () => {
		const forged = wooOrder({
			id: 700,
			email: 'mallory@example.com',
			lines: [{ id: 1, sku: 'TZ-GOLD', quantity: 5 }],
		});

		const unsigned = await woo.deliver(forged, { signature: 'none' });
		const wrongSecret = await woo.deliver(forged, { secret: 'a-guessed-secret' });
		// A signature the shop's secret made, but over another body.
		const tampered = await woo.deliver(forged, {
			signature: crypto
				.createHmac('sha256', woo.webhookFor('order.updated').secret)
				.update(wpJsonEncode(wooOrder({ id: 700, email: 'ada@example.com', lines: [] })))
				.digest('base64'),
		});

		expect([unsigned.status, wrongSecret.status, tampered.status]).toEqual([401, 401, 401]);
		expect(sandbox.state.requests).toEqual([]);
		expect(await deliveredExecutions(wooWorkflow)).toEqual([]);
	});

	test('a paid order: a row per unit first, then one licence per unit of each mapped line, each e-mailed; a mug is no licence', async () => {
		const paid = order({
			id: 727,
			email: 'ada@example.com',
			lines: [
				{ id: 11, sku: 'TZ-SILVER', quantity: 2, name: 'Monthly Silver' },
				{ id: 12, sku: 'MUG', quantity: 1, name: 'Shop mug' },
			],
		});

		const answer = await woo.deliver(paid);
		await allSettled(wooWorkflow);
		const mails = await mailsTo('ada@example.com', 2);

		expect(answer.status).toBe(200);
		expect(addsFor('ada@example.com').map((request) => request.query.service)).toEqual(['2', '2']);
		expect(await licencesOf('WooCommerce', 727)).toEqual([
			{ key: 'woo:727:11:1', state: 'ordered', order: 23501, service: 2 },
			{ key: 'woo:727:11:2', state: 'ordered', order: 23502, service: 2 },
			{ key: 'woo:727:12:1', state: 'not a licence', order: null, service: 0 },
		]);
		expect(mails.map((mail) => mail.text.match(/\(order (\d+)\)/)[1]).sort()).toEqual([
			'23501',
			'23502',
		]);
		expect(resellerMails()).toEqual([]);
	});

	test('the same order delivered again (another update) orders nothing and e-mails nothing', async () => {
		await woo.deliver(woo.updateOrder(727, {}));
		await allSettled(wooWorkflow);

		expect(addsFor('ada@example.com')).toHaveLength(2);
		expect(smtp.to('ada@example.com')).toHaveLength(2);
		expect(await licencesOf('WooCommerce', 727)).toHaveLength(3);
	});

	test('ten deliveries of a new order at once: exactly one licence per unit, one row each', async () => {
		const paid = order({
			id: 728,
			email: 'grace@example.com',
			lines: [{ id: 21, sku: 'TZ-GOLD', quantity: 2 }],
		});

		const answers = await Promise.all(Array.from({ length: 10 }, () => woo.deliver(paid)));
		await allSettled(wooWorkflow);
		await mailsTo('grace@example.com', 2);

		expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
		expect(addsFor('grace@example.com').map((request) => request.query.service)).toEqual([
			'3',
			'3',
		]);
		expect(smtp.to('grace@example.com')).toHaveLength(2);
		expect((await licencesOf('WooCommerce', 728)).map((row) => row.key)).toEqual([
			'woo:728:21:1',
			'woo:728:21:2',
		]);
	});

	test('cash on delivery: Processing without a payment date orders nothing; Completed (paid) orders', async () => {
		const cod = order({
			id: 729,
			email: 'alan@example.com',
			paymentMethod: 'cod',
			paid: null,
			lines: [{ id: 31, sku: 'TZ-SILVER', quantity: 1 }],
		});

		await woo.deliver(cod);
		await allSettled(wooWorkflow);
		const beforePayment = addsFor('alan@example.com').length;
		const rowsBeforePayment = await licencesOf('WooCommerce', 729);
		await woo.deliver(woo.updateOrder(729, { status: 'completed', paid: new Date() }));
		await allSettled(wooWorkflow);
		await mailsTo('alan@example.com', 1);

		expect(beforePayment).toBe(0);
		expect(rowsBeforePayment).toEqual([]);
		expect(addsFor('alan@example.com')).toHaveLength(1);
	});

	test('an order created before the cut-off, marked Completed now, orders nothing and leaves no row', async () => {
		const lastYear = new Date(Date.now() - 365 * 24 * 3600 * 1000);
		order({
			id: 150,
			email: 'historic@example.com',
			created: lastYear,
			status: 'on-hold',
			paid: null,
			lines: [{ id: 41, sku: 'TZ-GOLD', quantity: 1 }],
		});

		const earlier = new Set((await deliveredExecutions(wooWorkflow)).map(({ id }) => id));
		const answer = await woo.deliver(
			woo.updateOrder(150, { status: 'completed', paid: new Date() }),
		);
		await allSettled(wooWorkflow);
		const executions = await deliveredExecutions(wooWorkflow);

		expect(answer.status).toBe(200);
		expect(executions.filter(({ id }) => !earlier.has(id)).map(({ status }) => status)).toEqual([
			'success',
		]);
		expect(addsFor('historic@example.com')).toEqual([]);
		expect(await licencesOf('WooCommerce', 150)).toEqual([]);
	});

	test('a SKU with no row in tzsmmpay_products orders nothing; the row says why and the reseller is told once', async () => {
		const told = resellerMails().length;
		const sale = order({
			id: 730,
			email: 'barbara@example.com',
			lines: [{ id: 51, sku: 'TZ-PLATINUM', quantity: 1 }],
		});

		await woo.deliver(sale);
		await allSettled(wooWorkflow);
		const [mail] = (await mailsTo(RESELLER, told + 1)).slice(told);

		expect(addsFor('barbara@example.com')).toEqual([]);
		expect(await licencesOf('WooCommerce', 730)).toEqual([
			{ key: 'woo:730:51:1', state: 'unknown product', order: null, service: null },
		]);
		expect(mail.subject).toBe('TZSMM Pay: WooCommerce sale 730 needs you');
		expect(mail.text).toContain('no row for the product "TZ-PLATINUM"');
	});

	test('a refund of an order whose licences were ordered e-mails the reseller once, however often it is delivered', async () => {
		const told = resellerMails().length;

		const refunded = woo.updateOrder(728, {
			status: 'refunded',
			refund: 'The buyer changed their mind',
		});
		await woo.deliver(refunded);
		await allSettled(wooWorkflow);
		await woo.deliver(refunded);
		await allSettled(wooWorkflow);
		const mails = (await mailsTo(RESELLER, told + 1)).slice(told);

		expect(mails).toHaveLength(1);
		expect(mails[0].subject).toBe('TZSMM Pay: WooCommerce sale 728 needs you');
		expect(mails[0].text).toContain(
			'refunded or cancelled the sale after this licence was ordered',
		);
		expect((await licencesOf('WooCommerce', 728)).map((row) => row.state)).toEqual([
			'refunded',
			'refunded',
		]);
		expect(addsFor('grace@example.com')).toHaveLength(2);
	});

	test('the catch-up lists the last week’s orders page by page and records the paid ones the webhook never delivered', async () => {
		// A busy week: 101 orders not paid yet, two paid ones WooCommerce never delivered (n8n was
		// down), and the orders above, which are in the ledger already.
		for (let id = 1000; id < 1101; id++) {
			order({
				id,
				email: `pending${id}@example.com`,
				status: 'pending',
				lines: [{ id: 1, sku: 'TZ-SILVER', quantity: 1 }],
			});
		}
		order({
			id: 1201,
			email: 'missed1@example.com',
			lines: [{ id: 1, sku: 'TZ-SILVER', quantity: 1 }],
		});
		order({
			id: 1202,
			email: 'missed2@example.com',
			lines: [{ id: 1, sku: 'TZ-GOLD', quantity: 2 }],
		});
		const listCallsBefore = woo.apiCalls.filter((call) => call.path.endsWith('/orders')).length;

		const execution = await runFromTrigger(rest, wooWorkflow.id, 'Every 10 Minutes');
		await allSettled(wooWorkflow);
		const again = await runFromTrigger(rest, wooWorkflow.id, 'Every 10 Minutes');
		await allSettled(wooWorkflow);

		expect([execution.status, again.status]).toEqual(['success', 'success']);
		const listCalls = woo.apiCalls
			.filter((call) => call.path.endsWith('/orders'))
			.slice(listCallsBefore);
		// n8n's node asks for 100 a page from the cut-off on, and follows WooCommerce's Link header.
		expect(listCalls.slice(0, 2).map((call) => [call.query.per_page, call.query.page])).toEqual([
			['100', undefined],
			['100', '2'],
		]);
		expect(listCalls[0].query.after).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
		expect(addsFor('missed1@example.com')).toHaveLength(1);
		expect(addsFor('missed2@example.com')).toHaveLength(2);
		expect(await licencesOf('WooCommerce', 1202)).toEqual([
			expect.objectContaining({ key: 'woo:1202:1:1', state: 'ordered' }),
			expect.objectContaining({ key: 'woo:1202:1:2', state: 'ordered' }),
		]);
		// Nothing else was ordered: not the pending orders, not the historic one, not those ordered before.
		expect(sandbox.requestsFor('add').filter((r) => r.query.link.startsWith('pending'))).toEqual(
			[],
		);
		expect(addsFor('historic@example.com')).toEqual([]);
		expect(addsFor('ada@example.com')).toHaveLength(2);
	}, 120000);

	test('unpublishing the WooCommerce workflow deletes its webhook in WooCommerce; publishing registers it again', async () => {
		const before = woo.webhookFor('order.updated');
		const registered = () => [...woo.webhooks.values()];

		await deactivate(rest, wooWorkflow);
		const afterUnpublish = await waitFor(
			'the webhook to be deleted',
			async () => (registered().length === 0 ? registered() : undefined),
			30000,
		);
		await activate(rest, wooWorkflow);
		const [again] = await waitFor(
			'the webhook to be registered again',
			async () => (registered().length > 0 ? registered() : undefined),
			30000,
		);
		await wooSecretSaved(rest);

		expect(afterUnpublish).toEqual([]);
		expect(woo.apiCalls).toContainEqual({
			method: 'DELETE',
			path: `/wp-json/wc/v3/webhooks/${before.id}`,
			query: { force: 'true' },
		});
		expect(again.id).not.toBe(before.id);
		expect(again.delivery_url).toBe(before.delivery_url);
	});
});

describe('Stripe Checkout, through n8n’s Stripe Trigger', () => {
	const session = (spec) => stripe.addSession(spec);
	/** What n8n asked of Stripe's API (n8n's other outbound requests reach the proxy too). */
	const apiRequests = () => stripe.requests.filter((request) => request.path.startsWith('/v1/'));
	const sessionRequests = () =>
		apiRequests().filter((request) => request.path.startsWith('/v1/checkout'));

	test('publishing registered an endpoint in Stripe for both checkout events, with the secret key only', () => {
		const endpoint = stripe.endpoint();

		expect(endpoint.url).toBe(
			`${n8n.baseUrl}/webhook/c0ffee00-0008-4000-8000-000000000901/webhook`,
		);
		expect(endpoint.enabled_events).toEqual([
			'checkout.session.completed',
			'checkout.session.async_payment_succeeded',
		]);
		expect(apiRequests()).toEqual([
			{ method: 'POST', path: '/v1/webhook_endpoints', query: {}, authorised: true },
		]);
	});

	test('forged, unsigned, re-serialised, six-minute-old and wrong-secret deliveries: 401, and nothing reaches Stripe’s API or TZSMM Pay', async () => {
		const requestsBefore = sandbox.state.requests.length;
		const apiCallsBefore = apiRequests().length;
		const event = sessionEvent(
			session({
				id: 'cs_live_forged',
				email: 'mallory@example.com',
				lines: [{ product: 'prod_Gold', price: 'price_G', quantity: 9 }],
			}),
		);
		const sixMinutesAgo = Math.floor(Date.now() / 1000) - 360;

		const answers = [
			await stripe.deliver(event, { header: 't=1,v1=00' }),
			await stripe.deliver(event, { header: null }),
			// The same event, re-serialised: a check over parsed and re-encoded JSON would pass it.
			await stripe.deliver(event, { body: JSON.stringify(event) }),
			await stripe.deliver(event, { timestamp: sixMinutesAgo }),
			await stripe.deliver(event, { secret: 'whsec_guessed' }),
		];
		await allSettled(stripeWorkflow);

		expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401]);
		expect(sandbox.state.requests.length).toBe(requestsBefore);
		expect(apiRequests().length).toBe(apiCallsBefore);
		expect(await deliveredExecutions(stripeWorkflow)).toEqual([]);
	});

	test('a paid session of 3 units: the session and its line items asked of Stripe, 3 rows, 3 licences, 3 e-mails', async () => {
		const paid = session({
			id: 'cs_live_a1',
			email: 'ada.stripe@example.com',
			lines: [{ product: 'prod_Silver', price: 'price_SilverMonthly', quantity: 3 }],
		});

		const answer = await stripe.deliver(sessionEvent(paid));
		await allSettled(stripeWorkflow);
		await mailsTo('ada.stripe@example.com', 3);

		expect(answer.status).toBe(200);
		expect(sessionRequests().map((request) => request.path)).toEqual([
			'/v1/checkout/sessions/cs_live_a1',
			'/v1/checkout/sessions/cs_live_a1/line_items',
		]);
		expect(sessionRequests().every((request) => request.authorised)).toBe(true);
		expect(addsFor('ada.stripe@example.com').map((request) => request.query.service)).toEqual([
			'2',
			'2',
			'2',
		]);
		expect(
			(await licencesOf('Stripe', 'cs_live_a1')).map(({ key, state }) => [key, state]),
		).toEqual([
			['stripe:cs_live_a1:li_cs_live_a1_1:1', 'ordered'],
			['stripe:cs_live_a1:li_cs_live_a1_1:2', 'ordered'],
			['stripe:cs_live_a1:li_cs_live_a1_1:3', 'ordered'],
		]);
	});

	test('the same event delivered again orders nothing more', async () => {
		await stripe.deliver(sessionEvent(stripe.updateSession('cs_live_a1', {})));
		await allSettled(stripeWorkflow);

		expect(addsFor('ada.stripe@example.com')).toHaveLength(3);
		expect(smtp.to('ada.stripe@example.com')).toHaveLength(3);
	});

	test('a session made through the API names its product in metadata', async () => {
		await stripe.deliver(
			sessionEvent(
				session({
					id: 'cs_live_a2',
					email: 'linus@example.com',
					metadata: { tzsmmpay_product: 'gold' },
					lines: [{ product: 'prod_Unmapped', price: 'price_X', quantity: 1 }],
				}),
			),
		);
		await allSettled(stripeWorkflow);

		expect(addsFor('linus@example.com').map((request) => request.query.service)).toEqual(['3']);
	});

	test('a delayed payment: completed but unpaid orders nothing; its async_payment_succeeded orders the licences', async () => {
		const pending = session({
			id: 'cs_live_a3',
			email: 'sepa@example.com',
			paymentStatus: 'unpaid',
			lines: [{ product: 'prod_Gold', price: 'price_G', quantity: 2 }],
		});

		await stripe.deliver(sessionEvent(pending));
		await allSettled(stripeWorkflow);
		const whileUnpaid = addsFor('sepa@example.com').length;
		const paid = stripe.updateSession('cs_live_a3', { payment_status: 'paid' });
		await stripe.deliver(sessionEvent(paid, 'checkout.session.async_payment_succeeded'));
		await allSettled(stripeWorkflow);

		expect(whileUnpaid).toBe(0);
		expect(addsFor('sepa@example.com').map((request) => request.query.service)).toEqual(['3', '3']);
	});

	test('a test-mode purchase never reaches TZSMM Pay: its rows are marked test', async () => {
		await stripe.deliver(
			sessionEvent(
				session({
					id: 'cs_test_b1',
					email: 'tester@example.com',
					livemode: false,
					lines: [{ product: 'prod_Silver', price: 'price_S', quantity: 2 }],
				}),
			),
		);
		await allSettled(stripeWorkflow);

		expect(addsFor('tester@example.com')).toEqual([]);
		expect((await licencesOf('Stripe', 'cs_test_b1')).map((row) => row.state)).toEqual([
			'test',
			'test',
		]);
	});

	test('the catch-up lists the last day’s sessions page by page and records the paid ones no delivery brought; not unpaid, older or test-mode ones, nor those in the ledger', async () => {
		// A delivery n8n answered and then lost (n8n stopped): Stripe holds the session, paid.
		session({
			id: 'cs_live_missed',
			email: 'missed.stripe@example.com',
			lines: [{ product: 'prod_Gold', price: 'price_G', quantity: 2 }],
		});
		session({
			id: 'cs_live_old',
			email: 'old.stripe@example.com',
			created: new Date(Date.now() - 2 * 86400e3),
		});
		session({ id: 'cs_test_missed', email: 'test.missed@example.com', livemode: false });
		for (let index = 0; index < 100; index++)
			session({
				id: `cs_live_open_${index}`,
				email: 'unpaid@example.com',
				paymentStatus: 'unpaid',
			});
		const requestsBefore = sessionRequests().length;

		const execution = await runFromTrigger(rest, stripeWorkflow.id, 'Every 10 Minutes');
		await settled(rest, ledger);
		const again = await runFromTrigger(rest, stripeWorkflow.id, 'Every 10 Minutes');
		await settled(rest, ledger);
		const requests = sessionRequests().slice(requestsBefore);
		const listCalls = requests.filter((request) => request.path === '/v1/checkout/sessions');
		const daysBack = (Date.now() / 1000 - Number(listCalls[0].query['created[gte]'])) / 86400;

		expect([execution.status, again.status]).toEqual(['success', 'success']);
		// Two pages in each run: 100, then the rest after the first page's last session.
		expect(listCalls.map((call) => [call.query.limit, call.query.status])).toEqual(
			Array(4).fill(['100', 'complete']),
		);
		expect(listCalls.map((call) => call.query.starting_after)).toEqual([
			undefined,
			'cs_live_open_0',
			undefined,
			'cs_live_open_0',
		]);
		expect(daysBack).toBeGreaterThan(0.99);
		expect(daysBack).toBeLessThan(1.01);
		expect(requests.every((request) => request.authorised)).toBe(true);
		// Line items are asked only for the paid sessions the ledger did not have. Stripe holds
		// cs_live_forged as paid too (only its deliveries were forged), so it is ordered now.
		expect(
			requests
				.filter((request) => request.path.endsWith('/line_items'))
				.map((request) => request.path)
				.sort(),
		).toEqual([
			'/v1/checkout/sessions/cs_live_forged/line_items',
			'/v1/checkout/sessions/cs_live_missed/line_items',
		]);
		expect(
			(await licencesOf('Stripe', 'cs_live_missed')).map(({ key, state }) => [key, state]),
		).toEqual([
			['stripe:cs_live_missed:li_cs_live_missed_1:1', 'ordered'],
			['stripe:cs_live_missed:li_cs_live_missed_1:2', 'ordered'],
		]);
		expect(addsFor('missed.stripe@example.com')).toHaveLength(2);
		expect(addsFor('mallory@example.com')).toHaveLength(9);
		for (const email of ['old.stripe@example.com', 'test.missed@example.com', 'unpaid@example.com'])
			expect(addsFor(email)).toEqual([]);
		expect(addsFor('ada.stripe@example.com')).toHaveLength(3);
	}, 120000);

	test('unpublishing deletes the endpoint in Stripe; publishing registers a new one', async () => {
		const before = stripe.endpoint();

		await deactivate(rest, stripeWorkflow);
		await waitFor(
			'the endpoint to be deleted',
			async () => (stripe.endpoints.size === 0 ? true : undefined),
			30000,
		);
		await activate(rest, stripeWorkflow);
		await waitFor(
			'a new endpoint',
			async () => (stripe.endpoints.size === 1 ? true : undefined),
			30000,
		);

		expect(stripe.requests).toContainEqual({
			method: 'DELETE',
			path: `/v1/webhook_endpoints/${before.id}`,
			query: {},
			authorised: true,
		});
		expect(stripe.endpoint().id).not.toBe(before.id);
	});
});

describe('any other shop, behind Header Auth', () => {
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
		expect(await deliveredExecutions(anyShopWorkflow)).toEqual([]);
	});

	test('a sale is answered with its licences once they are in the ledger; again, with the same', async () => {
		const sale = {
			saleId: 'S-2',
			product: 'silver',
			email: 'edith@example.com',
			name: 'Edith',
			quantity: 2,
		};

		const first = await deliver(sale);
		const again = await deliver(sale);
		await allSettled(anyShopWorkflow);
		const [mail] = await mailsTo('edith@example.com', 2);

		expect(first).toEqual({
			status: 200,
			body: {
				sale: 'S-2',
				licences: [
					{ key: 'shop:S-2:1', state: 'ordered', order: expect.any(Number) },
					{ key: 'shop:S-2:2', state: 'ordered', order: expect.any(Number) },
				],
			},
		});
		expect(again).toEqual(first);
		expect(addsFor('edith@example.com').map((request) => request.query.service)).toEqual([
			'2',
			'2',
		]);
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

	test('an e-mail address the node refuses: recorded as refused, the reseller told why', async () => {
		const told = resellerMails().length;

		const answer = await deliver({ saleId: 'S-4', product: 'silver', email: 'not-an-address' });
		const mails = await mailsTo(RESELLER, told + 1);

		expect(answer.body.licences).toEqual([{ key: 'shop:S-4:1', state: 'refused', order: null }]);
		expect(sandbox.requestsFor('add').filter((r) => r.query.link === 'not-an-address')).toEqual([]);
		expect(mails[told].text).toContain('refused, and sending it again would not change that');
	});

	test('a sale without an ID is not recorded (it could not be ordered once only); the reseller is told', async () => {
		const told = resellerMails().length;

		const answer = await deliver({ product: 'silver', email: 'anon@example.com' });

		expect(answer).toEqual({ status: 200, body: { sale: null, licences: [] } });
		expect(addsFor('anon@example.com')).toEqual([]);
		expect((await mailsTo(RESELLER, told + 1))[told].text).toContain('The sale has no ID');
	});
});

describe('the failure alert', () => {
	test('a failure in the ledger (the mail server refuses the buyer) fails the shop workflow too: one e-mail to the reseller', async () => {
		smtp.refuseRecipients.add('refused@example.com');
		const isAlert = (mail) => mail.subject.startsWith('TZSMM Pay automation failed');
		const alertsBefore = smtp.messages.filter(isAlert).length;

		const response = await axios.post(
			`${n8n.baseUrl}/webhook/tzsmmpay-shop-sale`,
			{ saleId: 'S-5', product: 'silver', email: 'refused@example.com' },
			{ headers: { [SHOP_HEADER.name]: SHOP_HEADER.value }, validateStatus: () => true },
		);
		const alerts = await waitFor(
			'the failure e-mail',
			async () => {
				const found = smtp.messages.filter(isAlert);
				return found.length > alertsBefore ? found : undefined;
			},
			60000,
		);
		await allSettled(anyShopWorkflow);
		await settled(rest, failureAlert);
		smtp.refuseRecipients.clear();

		expect(response.status).toBe(500);
		expect(smtp.messages.filter(isAlert)).toHaveLength(alertsBefore + 1);
		expect(alerts[alertsBefore].to).toEqual([RESELLER]);
		expect(alerts[alertsBefore].text).toContain('/executions/');
		expect(alerts[alertsBefore].text).toContain('550 Mailbox refused@example.com is unavailable');
		// The licence was ordered and recorded before the e-mail failed: nothing is lost or ordered twice.
		expect(addsFor('refused@example.com')).toHaveLength(1);
		expect((await licencesOf('Shop', 'S-5')).map((row) => row.state)).toEqual(['ordered']);
	});
});

test('the API key appears in no e-mail, no stored execution and no log line; the Stripe key in none either', async () => {
	const executions = [];
	for (const workflow of PUBLISHED) {
		for (const { id } of await executionsOf(rest, workflow.id)) {
			executions.push(ok(await rest.get(`/rest/executions/${id}`)).data);
		}
	}
	expect(new Set(executions.map((execution) => execution.workflowId)).size).toBe(5);
	for (const secret of [apiKey, STRIPE_KEY]) {
		for (const mail of smtp.messages) expect(mail.raw).not.toContain(secret);
		for (const execution of executions) expect(JSON.stringify(execution)).not.toContain(secret);
		expect(n8n.output()).not.toContain(secret);
	}
});
