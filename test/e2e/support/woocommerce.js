// A WooCommerce shop, as much of it as n8n's WooCommerce Trigger and credential talk to: the REST
// API's webhooks (list, create, delete) and the credential test's product categories, behind the
// consumer key and secret (HTTP Basic). It keeps the secret n8n registers a webhook with, and
// delivers orders to n8n as WooCommerce does: the order's JSON as wp_json_encode writes it, with
// the X-WC-Webhook-* headers and X-WC-Webhook-Signature = base64(HMAC-SHA256(body, secret)).
'use strict';

const crypto = require('node:crypto');
const http = require('node:http');
const axios = require('axios');

const API = '/wp-json/wc/v3';

/** JSON as PHP's wp_json_encode writes it: compact, with every "/" escaped as "\/". */
function wpJsonEncode(value) {
	return JSON.stringify(value).replace(/\//g, '\\/');
}

/**
 * An order of the REST API's shape (/wc/v3/orders/{id}), with the fields a sale needs.
 * `lines`: [{ id, sku, quantity, name }].
 */
function wooOrder({
	id,
	status = 'processing',
	email,
	firstName = 'Ada',
	lastName = 'Lovelace',
	lines,
}) {
	return {
		id,
		parent_id: 0,
		number: String(id),
		order_key: `wc_order_${id}`,
		created_via: 'checkout',
		status,
		currency: 'USD',
		date_created: '2026-11-30T10:00:00',
		total: String(lines.reduce((sum, line) => sum + line.quantity * 9.9, 0).toFixed(2)),
		billing: {
			first_name: firstName,
			last_name: lastName,
			email,
			country: 'DE',
		},
		payment_method: 'stripe',
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
	};
}

/** Starts the shop on a free port of 127.0.0.1; `consumerKey`/`consumerSecret` guard its API. */
async function startWooCommerce({ consumerKey, consumerSecret }) {
	const webhooks = new Map();
	const apiCalls = [];
	let nextId = 1;
	const expectedAuth = `Basic ${Buffer.from(`${consumerKey}:${consumerSecret}`).toString('base64')}`;

	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			const url = new URL(req.url, 'http://127.0.0.1');
			apiCalls.push({
				method: req.method,
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
			});
			const send = (status, json) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(json));
			};
			if (req.headers.authorization !== expectedAuth) {
				send(401, {
					code: 'woocommerce_rest_cannot_view',
					message: 'Sorry, you cannot list resources.',
					data: { status: 401 },
				});
				return;
			}
			if (req.method === 'GET' && url.pathname === `${API}/products/categories`) {
				send(200, []);
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
					send(404, {
						code: 'woocommerce_rest_shop_webhook_invalid_id',
						message: 'Invalid ID.',
						data: { status: 404 },
					});
					return;
				}
				webhooks.delete(id);
				send(200, publicView(hook));
			} else {
				send(404, {
					code: 'rest_no_route',
					message: 'No route was found matching the URL and request method.',
					data: { status: 404 },
				});
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
	 * signature ('none' leaves the header out); `secret` signs with another secret.
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
		const response = await axios.post(hook.delivery_url, body, {
			headers,
			validateStatus: () => true,
			timeout: 60000,
			transformRequest: [(data) => data],
		});
		return { status: response.status, body: response.data };
	}

	return {
		baseUrl,
		apiCalls,
		webhooks,
		webhookFor,
		deliver,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

/** A webhook as the REST API shows it (WooCommerce does not echo the secret). */
function publicView(hook) {
	const { secret: _kept, ...shown } = hook;
	return { ...shown, date_created: '2026-11-30T10:00:00' };
}

module.exports = { startWooCommerce, wooOrder, wpJsonEncode };
