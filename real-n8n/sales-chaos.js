// A chaos run against the shop workflows in a real n8n: sales from WooCommerce, Stripe and any
// other shop, each delivered 1 to 3 times (some at once), among them cash-on-delivery orders not paid
// yet, orders from before the cut-off, test-mode purchases and sales refunded after ordering; and
// the end conditions the sales ledger promises, read from the ledger, the panel's log and the
// reseller's e-mail. The faults themselves (at the panel, an outage, n8n killed) are the caller's:
// `npm run bench:sales` (scripts/bench-sales.js) and the e2e's smaller run (10-sales-ledger).
'use strict';

const axios = require('axios');

const { seededRandom } = require('../sandbox/server');

/**
 * The panel's faults during a chaos run, for the sandbox's injectFaults: a quarter of the `add`
 * calls answer 429 or 503 (not taken: the ledger orders again) or place the order and lose the
 * answer (the ledger holds the licence and tells the reseller).
 */
const CHAOS_FAULTS = {
	kinds: [
		'tooManyRequestsWithoutRetryAfter',
		'tooManyRequestsWithoutRetryAfter',
		'serviceUnavailable',
		'serviceUnavailable',
		'connectionResetAfterWork',
	],
	rate: 0.25,
	actions: ['add'],
};

/** The products the chaos run sells, by shop: which are licences, and of which service. */
const LICENCE_PRODUCTS = {
	woo: [
		['TZ-SILVER', 2],
		['TZ-GOLD', 3],
	],
	stripe: [
		['prod_Silver', 2],
		['prod_Gold', 3],
	],
	any: [
		['silver', 2],
		['gold', 3],
	],
};

/**
 * The sales of a run: `count` sales spread over the three shops, each with a kind that decides
 * whether it must be ordered, 1 to 3 deliveries and whether they go at once. Every sale has a buyer
 * address of its own, so that the panel's orders can be told apart by sale.
 */
function planSales({ count, seed = 7, runId = 'r1' }) {
	const random = seededRandom(seed);
	const pick = (list) => list[Math.floor(random() * list.length)];
	const sales = [];
	for (let index = 0; index < count; index++) {
		const shop = ['woo', 'stripe', 'any'][index % 3];
		const roll = random();
		let kind = 'paid';
		if (shop === 'woo' && roll < 0.06) kind = 'cod-unpaid';
		else if (shop === 'woo' && roll < 0.12) kind = 'historic';
		else if (shop === 'woo' && roll < 0.2) kind = 'refunded-after';
		else if (shop === 'stripe' && roll < 0.08) kind = 'test';
		else if (shop === 'stripe' && roll < 0.16) kind = 'async';
		const lines = [];
		const lineCount = random() < 0.2 ? 2 : 1;
		for (let line = 1; line <= lineCount; line++) {
			const [product, service] = pick(LICENCE_PRODUCTS[shop]);
			lines.push({ id: line, product, service, quantity: 1 + Math.floor(random() * 3) });
		}
		// Some WooCommerce orders also sell something that is no licence.
		if (shop === 'woo' && random() < 0.2)
			lines.push({ id: 9, product: 'MUG', service: 0, quantity: 1 });
		// Another shop sends one product per sale (see shop-sale-any-shop.json).
		if (shop === 'any') lines.splice(1);
		sales.push({
			shop,
			kind,
			id: shop === 'woo' ? 50000 + index : `${shop === 'stripe' ? 'cs' : 'S'}-${runId}-${index}`,
			email: `${runId}.${shop}.${index}@chaos.example`,
			lines,
			deliveries: 1 + Math.floor(random() * 3),
			atOnce: random() < 0.4,
		});
	}
	return sales;
}

/** Whether a sale's licences must be ordered. */
const mustOrder = (sale) => ['paid', 'async', 'refunded-after'].includes(sale.kind);

/** The unit keys a sale's licences have in the ledger. */
function unitKeys(sale) {
	const keys = [];
	for (const line of sale.lines.filter((entry) => entry.service > 0)) {
		const prefix =
			sale.shop === 'woo'
				? `woo:${sale.id}:${line.id}`
				: sale.shop === 'stripe'
					? `stripe:${sale.id}:li_${sale.id}_${line.id}`
					: `shop:${sale.id}`;
		for (let unit = 1; unit <= line.quantity; unit++) keys.push(`${prefix}:${unit}`);
	}
	return keys;
}

/**
 * Puts each sale into its shop (the WooCommerce order book, the Stripe account) and returns a
 * function per sale that delivers it once as its shop does. `cutOff` is the WooCommerce workflow's.
 */
function prepareSales(sales, { woo, stripe, anyShopUrl, shopHeader, cutOff }) {
	// Required here, not at the top: the Stripe stand-in loads mockttp from the e2e's n8n install,
	// which the unit tests of checkEnd (npm test) run without.
	const { sessionEvent } = require('../stand-ins/stripe');
	return sales.map((sale) => {
		if (sale.shop === 'woo') {
			const created =
				sale.kind === 'historic' ? new Date(cutOff.getTime() - 30 * 86400000) : new Date();
			woo.addOrder({
				id: sale.id,
				email: sale.email,
				created,
				status: sale.kind === 'historic' ? 'on-hold' : 'processing',
				paid: sale.kind === 'cod-unpaid' || sale.kind === 'historic' ? null : created,
				paymentMethod: sale.kind === 'cod-unpaid' ? 'cod' : 'stripe',
				lines: sale.lines.map((line) => ({
					id: line.id,
					sku: line.product,
					quantity: line.quantity,
				})),
			});
			// A historic order is marked Completed now, as a bulk edit of last year's orders does.
			if (sale.kind === 'historic')
				woo.updateOrder(sale.id, { status: 'completed', paid: new Date() });
			return () => woo.deliver(woo.orders.get(sale.id));
		}
		if (sale.shop === 'stripe') {
			const session = stripe.addSession({
				id: sale.id,
				email: sale.email,
				livemode: sale.kind !== 'test',
				paymentStatus: sale.kind === 'async' ? 'unpaid' : 'paid',
				lines: sale.lines.map((line) => ({
					product: line.product,
					price: `price_${line.product}`,
					quantity: line.quantity,
				})),
			});
			if (sale.kind !== 'async') return () => stripe.deliver(sessionEvent(session));
			// A delayed payment: the completed session (unpaid) once, then its success.
			let completedSent = false;
			return async () => {
				if (!completedSent) {
					completedSent = true;
					await stripe.deliver(sessionEvent(session));
					stripe.updateSession(sale.id, { payment_status: 'paid' });
				}
				return await stripe.deliver(
					sessionEvent(
						stripe.updateSession(sale.id, {}),
						'checkout.session.async_payment_succeeded',
					),
				);
			};
		}
		return async () => {
			const [{ product, quantity }] = sale.lines;
			try {
				const response = await axios.post(
					anyShopUrl(),
					{ saleId: sale.id, product, email: sale.email, quantity },
					{
						headers: { [shopHeader.name]: shopHeader.value },
						validateStatus: () => true,
						timeout: 120000,
					},
				);
				return { status: response.status };
			} catch (error) {
				return { status: 0, error: error.code ?? error.message };
			}
		};
	});
}

/**
 * Delivers every sale its number of times, `inFlight` sales at once; a sale that goes "at once"
 * sends its deliveries together. A delivery that fails (n8n down) is what its shop would do:
 * WooCommerce drops it, Stripe and any other shop send it again later (`retryFailed`).
 */
async function deliverSales(
	sales,
	deliverers,
	{ inFlight = 6, onProgress = () => undefined } = {},
) {
	const failed = [];
	let next = 0;
	let done = 0;
	const worker = async () => {
		while (next < sales.length) {
			const index = next++;
			const sale = sales[index];
			const deliver = deliverers[index];
			const runs = [];
			if (sale.atOnce) {
				runs.push(...(await Promise.all(Array.from({ length: sale.deliveries }, deliver))));
			} else {
				for (let time = 0; time < sale.deliveries; time++) runs.push(await deliver());
			}
			if (runs.some((run) => run.status === 0 || run.status >= 500) && sale.shop !== 'woo')
				failed.push(index);
			onProgress(++done);
		}
	};
	await Promise.all(Array.from({ length: inFlight }, worker));
	return failed;
}

/**
 * Whether the ledger still works on the licence: a row without a state (its execution stopped
 * right after recording it), `received`, `ordering` or `waiting`.
 */
const isOpen = (row) => !row.state || ['received', 'ordering', 'waiting'].includes(row.state);

/**
 * Reads the end state and holds it against the ledger's promises. `rows`: the ledger's rows;
 * `orders`: the panel's placed orders (id → { link, service }); `adds`: the panel's log of `add`
 * requests; `alerts`: the reseller's e-mails (subject, text).
 */
function checkEnd(sales, { rows, orders, adds, alerts }) {
	const violations = [];
	const rowsByKey = new Map();
	for (const row of rows) rowsByKey.set(row.key, [...(rowsByKey.get(row.key) ?? []), row]);
	const ordersByLink = new Map();
	for (const [id, order] of orders)
		ordersByLink.set(order.link, [...(ordersByLink.get(order.link) ?? []), { id, ...order }]);
	// How many of the reseller's e-mails name the licence as `what` (each licence is a paragraph of
	// its own: "<key> (<product>): held: …").
	const alertsNaming = (key, what) =>
		alerts.filter((mail) =>
			mail.text
				.split(/\r?\n\r?\n/)
				.some((paragraph) => paragraph.startsWith(`${key} (`) && paragraph.includes(`): ${what}`)),
		).length;
	const heldAlertsNaming = (key) => alertsNaming(key, 'held: ');

	const counts = {
		sales: sales.length,
		paidUnits: 0,
		ordered: 0,
		held: 0,
		heldAndPlaced: 0,
		neither: 0,
		duplicates: 0,
		forbidden: 0,
		duplicateRows: 0,
		open: 0,
	};
	for (const sale of sales) {
		const keys = unitKeys(sale);
		const placed = ordersByLink.get(sale.email) ?? [];
		if (!mustOrder(sale)) {
			if (placed.length > 0) {
				counts.forbidden += placed.length;
				violations.push(`${sale.kind} sale ${sale.id} was ordered ${placed.length} time(s)`);
			}
			const recorded = keys.flatMap((key) => rowsByKey.get(key) ?? []);
			if (recorded.some((row) => row.state !== 'test')) {
				violations.push(
					`${sale.kind} sale ${sale.id} has ledger rows in states ${recorded.map((row) => row.state)}`,
				);
			}
			continue;
		}
		counts.paidUnits += keys.length;
		const orderedIds = new Set();
		let heldUnits = 0;
		for (const key of keys) {
			const unitRows = rowsByKey.get(key) ?? [];
			if (unitRows.length !== 1) {
				counts.duplicateRows += Math.max(unitRows.length - 1, 0);
				if (unitRows.length === 0) violations.push(`${key}: no ledger row`);
			}
			const row = unitRows[0];
			if (!row) {
				counts.neither++;
				continue;
			}
			if (isOpen(row)) counts.open++;
			if (['ordered', 'refunded'].includes(row.state) && row.order !== null) {
				const order = orders.get(row.order);
				if (!order || order.link !== sale.email)
					violations.push(`${key}: order ${row.order} is not the panel's order for ${sale.email}`);
				if (orderedIds.has(row.order))
					violations.push(`${key}: order ${row.order} recorded for two licences`);
				orderedIds.add(row.order);
				counts.ordered++;
			} else if (row.state === 'held' || (row.state === 'refunded' && row.order === null)) {
				// Outcome unknown (a refund afterwards leaves it unknown): the reseller is told once.
				heldUnits++;
				counts.held++;
				if (heldAlertsNaming(key) !== 1)
					violations.push(`${key}: ${row.state}, named held in ${heldAlertsNaming(key)} alerts`);
			} else {
				counts.neither++;
				violations.push(`${key}: ended ${row.state} (${row.lastError ?? ''})`);
			}
		}
		// Every order the panel placed for the sale is one the ledger recorded, or one whose answer
		// was lost (a held licence): never more than one per licence.
		const unrecorded = placed.filter((order) => !orderedIds.has(order.id));
		counts.heldAndPlaced += unrecorded.length;
		if (unrecorded.length > heldUnits) {
			counts.duplicates += unrecorded.length - heldUnits;
			violations.push(
				`sale ${sale.id}: ${placed.length} orders placed for ${keys.length} licences`,
			);
		}
		// A sale refunded after its licences were ordered (or held): each licence is refunded, and
		// the refund told once, in the paragraph naming the licence.
		if (sale.kind === 'refunded-after') {
			for (const key of keys) {
				const row = rowsByKey.get(key)?.[0];
				if (row && ['ordered', 'held'].includes(row.state))
					violations.push(`${key}: the sale was refunded, the licence is still ${row.state}`);
				const told = alertsNaming(key, 'the shop refunded or cancelled the sale ');
				if (told !== 1) violations.push(`${key}: refunded, named in ${told} refund e-mails`);
			}
		}
	}
	return {
		counts: {
			...counts,
			addRequests: adds.length,
			ordersPlaced: orders.size,
			alerts: alerts.length,
		},
		violations,
	};
}

/** The refunds of the sales refunded after ordering, delivered as WooCommerce does. */
async function refundSales(sales, { woo }) {
	for (const sale of sales.filter((entry) => entry.kind === 'refunded-after')) {
		await woo.deliver(woo.updateOrder(sale.id, { status: 'refunded', refund: 'chaos run' }));
	}
}

module.exports = {
	CHAOS_FAULTS,
	isOpen,
	checkEnd,
	deliverSales,
	mustOrder,
	planSales,
	prepareSales,
	refundSales,
	unitKeys,
};
