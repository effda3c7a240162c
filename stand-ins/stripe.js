// Stripe, as much of it as n8n's Stripe Trigger, the Stripe credential and the shop workflow talk
// to: its API at https://api.stripe.com, answered by an HTTPS-intercepting proxy on 127.0.0.1
// (npm mockttp) with a CA of its own, and its deliveries of events, signed by Stripe's own library.
// n8n reaches the API through the proxy when it is started with this stand-in's `n8nEnv()`
// (HTTPS_PROXY, NO_PROXY for 127.0.0.1, NODE_EXTRA_CA_CERTS), which n8n 2.x and 1.x both honour.
// The API holds webhook endpoints (created with a signing secret of their own, deleted on
// unpublish), Checkout Sessions and their line items; every request it receives is logged.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const axios = require('axios');

const { modulesDir } = require('../real-n8n/toolchain');

const mockttp = require(path.join(modulesDir, 'mockttp'));
const StripeLibrary = require(path.join(modulesDir, 'stripe'));

const API = 'https://api.stripe.com';
/** What Stripe's Dashboard calls the API version of the events it sends. */
const API_VERSION = '2025-10-29.clover';

const random = (bytes) => crypto.randomBytes(bytes).toString('hex');

/**
 * mockttp's start() takes no host and listens on every interface with a one-argument listen(port):
 * that call alone is pinned to 127.0.0.1 while it starts, so that nothing outside the machine can
 * reach the stand-in.
 */
async function startOnLoopback(server, ports) {
	const listen = net.Server.prototype.listen;
	net.Server.prototype.listen = function listenOnLoopback(...args) {
		return args.length === 1 && typeof args[0] === 'number'
			? listen.call(this, args[0], '127.0.0.1')
			: listen.apply(this, args);
	};
	try {
		await server.start(ports);
	} finally {
		net.Server.prototype.listen = listen;
	}
}

/**
 * A Checkout Session as GET /v1/checkout/sessions/{id} returns it, with its line items apart.
 * `lines`: [{ product (prod_…), price (price_…), quantity }]; `created`: a Date (now by default).
 */
function checkoutSession({
	id,
	email,
	name = 'Ada Lovelace',
	lines = [{ product: 'prod_Silver', price: 'price_SilverMonthly', quantity: 1 }],
	paymentStatus = 'paid',
	livemode = true,
	metadata = {},
	paymentLink = null,
	created = new Date(),
}) {
	return {
		session: {
			id,
			object: 'checkout.session',
			amount_total: lines.reduce((sum, line) => sum + 990 * line.quantity, 0),
			created: Math.floor(created.getTime() / 1000),
			currency: 'usd',
			customer_details: { email, name },
			livemode,
			metadata,
			mode: 'payment',
			payment_link: paymentLink,
			payment_status: paymentStatus,
			status: 'complete',
		},
		lineItems: lines.map((line, index) => ({
			id: `li_${id}_${index + 1}`,
			object: 'item',
			amount_total: 990 * line.quantity,
			currency: 'usd',
			description: line.product,
			price: { id: line.price, object: 'price', product: line.product, unit_amount: 990 },
			quantity: line.quantity,
		})),
	};
}

/** The event Stripe sends for a session: `checkout.session.completed` unless `type` says else. */
function sessionEvent(session, type = 'checkout.session.completed') {
	return {
		id: `evt_${random(12)}`,
		object: 'event',
		api_version: API_VERSION,
		created: Math.floor(Date.now() / 1000),
		type,
		livemode: session.livemode,
		pending_webhooks: 1,
		request: { id: null, idempotency_key: null },
		data: { object: session },
	};
}

/**
 * Starts the proxy on a free port of 127.0.0.1 with a new CA, whose certificate goes to
 * `caFile`. Requests must carry `Authorization: Bearer <secretKey>`.
 */
async function startStripe({ secretKey, caFile }) {
	const ca = await mockttp.generateCACertificate({
		subject: { commonName: 'tzsmmpay e2e stand-in for api.stripe.com' },
	});
	fs.mkdirSync(path.dirname(caFile), { recursive: true });
	fs.writeFileSync(caFile, ca.cert);
	const server = mockttp.getLocal({ https: { key: ca.key, cert: ca.cert } });
	await startOnLoopback(server, { startPort: 20000, endPort: 60000 });

	/** @type {Map<string, { id: string, url: string, enabled_events: string[], secret: string, status: string }>} */
	const endpoints = new Map();
	const sessions = new Map();
	const lineItems = new Map();
	/** Every request the API received: method, path, query, the secret key it carried. */
	const requests = [];

	const stripeError = (statusCode, message, code = 'resource_missing') => ({
		statusCode,
		json: { error: { type: 'invalid_request_error', code, message } },
	});

	/** Logs the request and refuses it without the secret key, as Stripe does (401). */
	async function authorised(request) {
		const url = new URL(request.url);
		requests.push({
			method: request.method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			authorised: request.headers.authorization === `Bearer ${secretKey}`,
		});
		return request.headers.authorization === `Bearer ${secretKey}`;
	}
	const refuse = () => stripeError(401, 'Invalid API Key provided', 'api_key_invalid');

	await server.forPost(`${API}/v1/webhook_endpoints`).thenCallback(async (request) => {
		if (!(await authorised(request))) return refuse();
		const form = await request.body.getUrlEncodedFormData();
		const endpoint = {
			id: `we_${random(12)}`,
			object: 'webhook_endpoint',
			url: form.url,
			enabled_events: Object.keys(form)
				.filter((key) => key.startsWith('enabled_events['))
				.map((key) => form[key]),
			description: form.description ?? null,
			api_version: form.api_version ?? null,
			secret: `whsec_${random(16)}`,
			status: 'enabled',
			livemode: !secretKey.startsWith('sk_test_'),
		};
		endpoints.set(endpoint.id, endpoint);
		return { statusCode: 200, json: endpoint };
	});
	const endpointPath = /^https:\/\/api\.stripe\.com\/v1\/webhook_endpoints\/([^/?]+)$/;
	await server.forGet(endpointPath).thenCallback(async (request) => {
		if (!(await authorised(request))) return refuse();
		const endpoint = endpoints.get(request.url.match(endpointPath)[1]);
		if (!endpoint) return stripeError(404, 'No such webhook endpoint');
		const { secret: _shownOnlyOnCreation, ...shown } = endpoint;
		return { statusCode: 200, json: shown };
	});
	await server.forDelete(endpointPath).thenCallback(async (request) => {
		if (!(await authorised(request))) return refuse();
		const id = request.url.match(endpointPath)[1];
		if (!endpoints.delete(id)) return stripeError(404, 'No such webhook endpoint');
		return { statusCode: 200, json: { id, object: 'webhook_endpoint', deleted: true } };
	});
	// The credential's Test.
	await server.forGet(`${API}/v1/charges`).thenCallback(async (request) => {
		if (!(await authorised(request))) return refuse();
		return {
			statusCode: 200,
			json: { object: 'list', data: [], has_more: false, url: '/v1/charges' },
		};
	});
	// The list, as Stripe gives it: newest first, the key's mode only (live or test), filtered by
	// `status` and `created[gte]`, `limit` (at most 100) a page after `starting_after`.
	await server
		.forGet(/^https:\/\/api\.stripe\.com\/v1\/checkout\/sessions(\?.*)?$/)
		.thenCallback(async (request) => {
			if (!(await authorised(request))) return refuse();
			const query = new URL(request.url).searchParams;
			const limit = Math.min(Number(query.get('limit') ?? 10), 100);
			const createdFrom = Number(query.get('created[gte]') ?? 0);
			const listed = [...sessions.values()]
				.reverse()
				.sort((a, b) => b.created - a.created)
				.filter(
					(session) =>
						session.livemode === !secretKey.startsWith('sk_test_') &&
						session.created >= createdFrom &&
						(!query.get('status') || session.status === query.get('status')),
				);
			const after = query.get('starting_after');
			const start = after ? listed.findIndex((session) => session.id === after) + 1 : 0;
			return {
				statusCode: 200,
				json: {
					object: 'list',
					data: listed.slice(start, start + limit),
					has_more: start + limit < listed.length,
					url: '/v1/checkout/sessions',
				},
			};
		});
	const sessionPath =
		/^https:\/\/api\.stripe\.com\/v1\/checkout\/sessions\/([^/?]+)(\/line_items)?(\?.*)?$/;
	await server.forGet(sessionPath).thenCallback(async (request) => {
		if (!(await authorised(request))) return refuse();
		const [, id, wantsLines] = request.url.match(sessionPath);
		const session = sessions.get(id);
		if (!session) return stripeError(404, `No such checkout.session: '${id}'`);
		if (!wantsLines) return { statusCode: 200, json: session };
		const url = new URL(request.url);
		const limit = Math.min(Number(url.searchParams.get('limit') ?? 10), 100);
		const after = url.searchParams.get('starting_after');
		const all = lineItems.get(id);
		const start = after ? all.findIndex((item) => item.id === after) + 1 : 0;
		const page = all.slice(start, start + limit);
		return {
			statusCode: 200,
			json: {
				object: 'list',
				data: page,
				has_more: start + limit < all.length,
				url: `/v1/checkout/sessions/${id}/line_items`,
			},
		};
	});
	await server.forUnmatchedRequest().thenCallback(async (request) => {
		const url = new URL(request.url);
		requests.push({ method: request.method, path: url.pathname, query: {}, unmatched: true });
		return stripeError(404, `Unrecognized request URL (${request.method}: ${url.pathname})`);
	});

	const stripe = new (StripeLibrary.default ?? StripeLibrary)(secretKey);

	/** The one endpoint n8n registered (the Stripe Trigger of a published workflow). */
	function endpoint() {
		if (endpoints.size !== 1)
			throw new Error(`expected one webhook endpoint, found ${endpoints.size}`);
		return [...endpoints.values()][0];
	}

	/**
	 * POSTs `event` to the registered endpoint as Stripe does: pretty-printed JSON, signed by
	 * Stripe's library over exactly those bytes with the endpoint's secret. `secret` signs with
	 * another secret, `timestamp` dates the signature, `header` replaces it (null leaves it out),
	 * `body` replaces the bytes sent. A refused connection resolves with status 0.
	 */
	async function deliver(event, { secret, timestamp, header, body } = {}) {
		const target = endpoint();
		const payload = JSON.stringify(event, null, 2);
		const signature = stripe.webhooks.generateTestHeaderString({
			payload,
			secret: secret ?? target.secret,
			timestamp,
		});
		const headers = {
			'content-type': 'application/json; charset=utf-8',
			'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
		};
		if (header !== null) headers['stripe-signature'] = header ?? signature;
		try {
			const response = await axios.post(target.url, body ?? payload, {
				headers,
				validateStatus: () => true,
				timeout: 60000,
				transformRequest: [(data) => data],
			});
			return { status: response.status, body: response.data };
		} catch (error) {
			return { status: 0, body: null, error: error.code ?? error.message };
		}
	}

	return {
		proxyUrl: `http://127.0.0.1:${server.port}`,
		caFile,
		endpoints,
		requests,
		stripe,
		/** Adds a Checkout Session (checkoutSession's fields) to the account; returns the session. */
		addSession(spec) {
			const { session, lineItems: items } = checkoutSession(spec);
			sessions.set(session.id, session);
			lineItems.set(session.id, items);
			return session;
		},
		/** Changes a session, as a delayed payment that succeeds does (`payment_status`). */
		updateSession(id, changes) {
			Object.assign(sessions.get(id), changes);
			return sessions.get(id);
		},
		endpoint,
		deliver,
		/** What n8n needs in its environment to reach this API instead of Stripe's. */
		n8nEnv() {
			return {
				HTTPS_PROXY: `http://127.0.0.1:${server.port}`,
				NO_PROXY: '127.0.0.1,localhost,::1',
				NODE_EXTRA_CA_CERTS: caFile,
			};
		},
		close: () => server.stop(),
	};
}

module.exports = { startStripe, sessionEvent };
