// A WooCommerce shop, as much of it as n8n's WooCommerce Trigger, WooCommerce node and credential
// talk to, behind the consumer key and secret (HTTP Basic): the REST API's webhooks (list, create,
// delete), its orders (one, and the list with WooCommerce's filters, paging headers and Link
// header), and the credential test's product categories. It keeps an order book, and delivers
// orders to n8n as WooCommerce does: the order's JSON as wp_json_encode writes it, with the
// X-WC-Webhook-* headers and X-WC-Webhook-Signature = base64(HMAC-SHA256(body, secret)); a
// delivery that fails is not sent again (WooCommerce does not retry). The shop's clock is UTC.
'use strict';

const crypto = require('node:crypto');
const http = require('node:http');
const axios = require('axios');

const API = '/wp-json/wc/v3';
const MAX_PER_PAGE = 100;

/** JSON as PHP's wp_json_encode writes it: compact, with every "/" escaped as "\/". */
function wpJsonEncode(value) {
	return JSON.stringify(value).replace(/\//g, '\\/');
}

/** A date as the REST API writes it: `2026-11-30T10:00:00`, no zone (the shop's clock is UTC). */
function wooDate(date) {
	return date === null || date === undefined ? null : new Date(date).toISOString().slice(0, 19);
}

/**
 * An order of the REST API's shape (/wc/v3/orders/{id}), with the fields a sale needs.
 * `lines`: [{ id, sku, quantity, name }]. `created` defaults to now; `paid` is the time the payment
 * completed (null: not paid, as a cash-on-delivery order in Processing); by default an order in
 * Processing or Completed was paid when it was created.
 */
function wooOrder({
	id,
	status = 'processing',
	email,
	firstName = 'Ada',
	lastName = 'Lovelace',
	lines,
	created = new Date(),
	paid,
	paymentMethod = 'stripe',
}) {
	const paidAt =
		paid !== undefined ? paid : ['processing', 'completed'].includes(status) ? created : null;
	return {
		id,
		parent_id: 0,
		number: String(id),
		order_key: `wc_order_${id}`,
		created_via: 'checkout',
		status,
		currency: 'USD',
		date_created: wooDate(created),
		date_created_gmt: wooDate(created),
		date_modified: wooDate(created),
		date_modified_gmt: wooDate(created),
		date_paid: wooDate(paidAt),
		date_paid_gmt: wooDate(paidAt),
		date_completed: status === 'completed' ? wooDate(created) : null,
		date_completed_gmt: status === 'completed' ? wooDate(created) : null,
		total: String(lines.reduce((sum, line) => sum + line.quantity * 9.9, 0).toFixed(2)),
		billing: {
			first_name: firstName,
			last_name: lastName,
			email,
			country: 'DE',
		},
		payment_method: paymentMethod,
		line_items: lines.map((line) => ({
			id: line.id,
			name: line.name ?? line.sku,
			product_id: 100 + line.id,
			variation_id: 0,
			quantity: line.quantity,
			sku: line.sku,
			price: 9.9,
			total: (9.9 * line.quantity).toFixed(2),
		})),
		refunds: [],
	};
}

/** A date parameter as the REST API accepts it (ISO 8601, optional fraction and zone), in ms. */
function parseDateParameter(value) {
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.test(value)) return NaN;
	return Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`);
}

/** Seconds, as WooCommerce compares dates (its columns hold no fractions). */
const toSecond = (ms) => Math.floor(ms / 1000);

/**
 * The orders of one page of GET /orders, with the REST API's filters (after/before on the creation
 * date and modified_after/modified_before on the modification date, strict and to the second;
 * status as a comma list or `any`, which leaves out trash), order and paging; or the 400 the API
 * gives for a bad parameter.
 */
function listOrders(orders, query) {
	const perPage = Number(query.per_page ?? 10);
	const page = Number(query.page ?? 1);
	if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE)
		return { error: `per_page must be between 1 (inclusive) and ${MAX_PER_PAGE} (inclusive)` };
	if (!Number.isInteger(page) || page < 1) return { error: 'page must be at least 1' };
	const bounds = [];
	for (const [name, field, compare] of [
		['after', 'date_created_gmt', (a, b) => a > b],
		['before', 'date_created_gmt', (a, b) => a < b],
		['modified_after', 'date_modified_gmt', (a, b) => a > b],
		['modified_before', 'date_modified_gmt', (a, b) => a < b],
	]) {
		if (query[name] === undefined) continue;
		const at = parseDateParameter(query[name]);
		if (Number.isNaN(at)) return { error: `Invalid parameter(s): ${name}` };
		bounds.push((order) => compare(toSecond(Date.parse(`${order[field]}Z`)), toSecond(at)));
	}
	const statuses = String(query.status ?? 'any').split(',');
	const byStatus = (order) =>
		statuses.includes('any') ? order.status !== 'trash' : statuses.includes(order.status);
	const orderBy = query.orderby ?? 'date';
	const sortKey = {
		date: (order) => `${order.date_created_gmt}|${String(order.id).padStart(12, '0')}`,
		modified: (order) => `${order.date_modified_gmt}|${String(order.id).padStart(12, '0')}`,
		id: (order) => String(order.id).padStart(12, '0'),
	}[orderBy];
	if (!sortKey) return { error: 'Invalid parameter(s): orderby' };
	const direction = (query.order ?? 'desc') === 'asc' ? 1 : -1;
	const matching = [...orders.values()]
		.filter((order) => byStatus(order) && bounds.every((bound) => bound(order)))
		.sort((a, b) => direction * sortKey(a).localeCompare(sortKey(b)));
	return {
		total: matching.length,
		totalPages: Math.ceil(matching.length / perPage),
		page,
		orders: matching.slice((page - 1) * perPage, page * perPage),
	};
}

/** The Link header WordPress sends: prev/next pages, or only the API's root when there are none. */
function linkHeader(baseUrl, pathname, query, page, totalPages) {
	const pageUrl = (number) => {
		const search = new URLSearchParams({ ...query, page: String(number) });
		return `<${baseUrl}${pathname}?${search.toString()}>`;
	};
	const links = [];
	if (page > 1 && page - 1 <= Math.max(totalPages, 1))
		links.push(`${pageUrl(page - 1)}; rel="prev"`);
	if (page < totalPages) links.push(`${pageUrl(page + 1)}; rel="next"`);
	return links.length > 0 ? links.join(', ') : `<${baseUrl}/wp-json/>; rel="https://api.w.org/"`;
}

/** Starts the shop on a free port of 127.0.0.1; `consumerKey`/`consumerSecret` guard its API. */
async function startWooCommerce({ consumerKey, consumerSecret }) {
	const webhooks = new Map();
	/** @type {Map<number, ReturnType<typeof wooOrder>>} */
	const orders = new Map();
	const apiCalls = [];
	/** Deliveries that reached no n8n or that n8n did not take (WooCommerce sends them never again). */
	const failedDeliveries = [];
	let nextId = 1;
	const expectedAuth = `Basic ${Buffer.from(`${consumerKey}:${consumerSecret}`).toString('base64')}`;

	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			const url = new URL(req.url, 'http://127.0.0.1');
			// PHP keeps the last of repeated query keys (n8n's paging sends per_page twice).
			const query = Object.fromEntries(url.searchParams);
			apiCalls.push({ method: req.method, path: url.pathname, query });
			const send = (status, json, headers = {}) => {
				res.writeHead(status, { 'content-type': 'application/json', ...headers });
				res.end(JSON.stringify(json));
			};
			const notFound = (code, message) => send(404, { code, message, data: { status: 404 } });
			if (req.headers.authorization !== expectedAuth) {
				send(401, {
					code: 'woocommerce_rest_cannot_view',
					message: 'Sorry, you cannot list resources.',
					data: { status: 401 },
				});
				return;
			}
			const orderMatch = url.pathname.match(new RegExp(`^${API}/orders/(\\d+)$`));
			if (req.method === 'GET' && url.pathname === `${API}/products/categories`) {
				send(200, []);
			} else if (req.method === 'GET' && url.pathname === `${API}/orders`) {
				const listed = listOrders(orders, query);
				if (listed.error) {
					send(400, {
						code: 'rest_invalid_param',
						message: listed.error,
						data: { status: 400 },
					});
					return;
				}
				send(200, listed.orders, {
					'x-wp-total': String(listed.total),
					'x-wp-totalpages': String(listed.totalPages),
					link: linkHeader(baseUrl, url.pathname, query, listed.page, listed.totalPages),
				});
			} else if (req.method === 'GET' && orderMatch) {
				const order = orders.get(Number(orderMatch[1]));
				if (order) send(200, order);
				else notFound('woocommerce_rest_shop_order_invalid_id', 'Invalid ID.');
			} else if (req.method === 'GET' && url.pathname === `${API}/webhooks`) {
				const status = url.searchParams.get('status');
				send(
					200,
					[...webhooks.values()]
						.filter((hook) => !status || hook.status === status)
						.map(publicView),
				);
			} else if (req.method === 'POST' && url.pathname === `${API}/webhooks`) {
				const { delivery_url: deliveryUrl, topic, secret } = JSON.parse(body || '{}');
				const hook = {
					id: nextId++,
					name: `Webhook ${topic}`,
					status: 'active',
					topic,
					delivery_url: deliveryUrl,
					secret,
				};
				webhooks.set(hook.id, hook);
				send(201, publicView(hook));
			} else if (req.method === 'DELETE' && url.pathname.startsWith(`${API}/webhooks/`)) {
				const id = Number(url.pathname.split('/').pop());
				const hook = webhooks.get(id);
				if (!hook) {
					notFound('woocommerce_rest_shop_webhook_invalid_id', 'Invalid ID.');
					return;
				}
				webhooks.delete(id);
				send(200, publicView(hook));
			} else {
				notFound('rest_no_route', 'No route was found matching the URL and request method.');
			}
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const baseUrl = `http://127.0.0.1:${server.address().port}`;

	/** The one active webhook for `topic`, as n8n registered it. */
	function webhookFor(topic) {
		const found = [...webhooks.values()].filter(
			(hook) => hook.topic === topic && hook.status === 'active',
		);
		if (found.length !== 1)
			throw new Error(`expected one active ${topic} webhook, found ${found.length}`);
		return found[0];
	}

	/**
	 * Delivers `order` to the webhook of `topic` as WooCommerce does. `signature` replaces the real
	 * signature ('none' leaves the header out); `secret` signs with another secret. A delivery n8n
	 * does not answer with 2xx is recorded in `failedDeliveries`, never sent again.
	 */
	async function deliver(order, { topic = 'order.updated', signature, secret } = {}) {
		const hook = webhookFor(topic);
		const body = wpJsonEncode(order);
		const [resource, event] = topic.split('.');
		const headers = {
			'content-type': 'application/json',
			'user-agent': 'WooCommerce/10.3.0 Hookshot (WordPress/6.8.3)',
			'x-wc-webhook-source': 'https://shop.example/',
			'x-wc-webhook-topic': topic,
			'x-wc-webhook-resource': resource,
			'x-wc-webhook-event': event,
			'x-wc-webhook-id': String(hook.id),
			'x-wc-webhook-delivery-id': crypto.randomBytes(16).toString('hex'),
			'x-wc-webhook-signature': crypto
				.createHmac('sha256', secret ?? hook.secret)
				.update(body)
				.digest('base64'),
		};
		if (signature === 'none') delete headers['x-wc-webhook-signature'];
		else if (signature !== undefined) headers['x-wc-webhook-signature'] = signature;
		try {
			const response = await axios.post(hook.delivery_url, body, {
				headers,
				validateStatus: () => true,
				timeout: 60000,
				transformRequest: [(data) => data],
			});
			if (response.status >= 300) failedDeliveries.push({ id: order.id, status: response.status });
			return { status: response.status, body: response.data };
		} catch (error) {
			failedDeliveries.push({ id: order.id, error: error.code ?? error.message });
			return { status: 0, body: null, error: error.code ?? error.message };
		}
	}

	/** Adds an order to the shop's book (wooOrder's fields); nothing is delivered. */
	function addOrder(spec) {
		const order = wooOrder(spec);
		orders.set(order.id, order);
		return order;
	}

	/**
	 * Changes an order as the shop's admin or a payment does (`status`, `paid`, a refund) and
	 * returns it with its new modification date; nothing is delivered.
	 */
	function updateOrder(id, { status, paid, refund, at = new Date() }) {
		const order = orders.get(id);
		if (!order) throw new Error(`no order ${id}`);
		if (status !== undefined) order.status = status;
		if (paid !== undefined) order.date_paid = order.date_paid_gmt = wooDate(paid);
		if (status === 'completed') order.date_completed = order.date_completed_gmt = wooDate(at);
		if (refund)
			order.refunds.unshift({
				id: 900 + order.refunds.length,
				reason: refund,
				total: `-${order.total}`,
			});
		order.date_modified = order.date_modified_gmt = wooDate(at);
		return order;
	}

	return {
		baseUrl,
		apiCalls,
		webhooks,
		orders,
		failedDeliveries,
		webhookFor,
		deliver,
		addOrder,
		updateOrder,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

/** A webhook as the REST API shows it (WooCommerce does not echo the secret). */
function publicView(hook) {
	const { secret: _kept, ...shown } = hook;
	return { ...shown, date_created: '2026-11-30T10:00:00' };
}

module.exports = { startWooCommerce, wooOrder, wpJsonEncode };
