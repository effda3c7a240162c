// The sandbox TZSMM Pay reseller API: one endpoint, `action=services|status|balance|add`, the key
// in the query, as the vendor documents it. In-memory state, both error styles panels use, a log of
// every request, and a fault-injection mode (named faults, queued or drawn at random from a seed).
// Used by `npm run sandbox` (cli.js), the demo, the benchmark, the engine tests and the e2e tests
// (use-sandbox.js gives a jest test file its own). Plain JavaScript because it needs Node's http
// module, which n8n's lint rules keep out of *.ts.
'use strict';

const http = require('node:http');

const API_PATH = '/api/smmpanel/v1';
const DEFAULT_API_KEY = 'sandbox-key-0f3a9c';
/** The panel's limit of IDs in one multi-status request. */
const MAX_STATUS_IDS = 100;

const ERRORS = {
	badKey: { status: 401, message: 'Invalid API key' },
	badRequest: { status: 400, message: 'Incorrect request' },
	unknownOrder: { status: 404, message: 'Invalid order ID' },
	noBalance: { status: 402, message: "You don't have sufficient balance" },
};

function defaultServices() {
	return [
		{
			service: 2,
			name: 'Monthly Silver',
			type: 'Package',
			category: 'TZSMM Pay License',
			min: 1,
			max: 1,
			rate: 0.56,
			currency: 'USD',
		},
		{
			service: 3,
			name: 'Monthly Gold',
			type: 'Package',
			category: 'TZSMM Pay License',
			min: 1,
			max: 1,
			rate: 1.2,
			currency: 'USD',
		},
		{
			service: 7,
			name: 'Yearly Gold',
			type: 'Package',
			category: 'TZSMM Pay License',
			min: 1,
			max: 1,
			rate: 9.9,
			currency: 'USD',
		},
		{
			service: 11,
			name: 'Setup Assistance',
			type: 'Default',
			category: 'Add-ons',
			min: 1,
			max: 1,
			rate: 2.5,
			currency: 'USD',
		},
	];
}

const HTML_ERROR_PAGE = (status, title) =>
	`<html><head><title>${status} ${title}</title></head><body><center><h1>${status} ${title}</h1></center><hr><center>nginx</center></body></html>`;

/** What a Cloudflare browser check looks like to an API client: HTTP 200 and an HTML page. */
const CHALLENGE_PAGE =
	'<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head><body><noscript>Enable JavaScript and cookies to continue</noscript></body></html>';

/** JSON that parses but is not what the action documents. */
const WRONG_SHAPES = {
	services: JSON.stringify({ data: defaultServices() }),
	balance: JSON.stringify({ currency: 'USD', balance: 'Unknown' }),
	status: JSON.stringify([{ status: 'Completed' }]),
	add: JSON.stringify({ order: 'Unknown' }),
};

/**
 * The faults the sandbox can serve, by name. Each gets the request's context and returns how to answer
 * instead of the normal answer. `realAnswer()` processes the request normally (an `add` places the
 * order) and returns that answer, for faults that strike after the panel has done its work.
 * @type {Record<string, (context: FaultContext) => Fault>}
 */
const FAULTS = {
	serverErrorPage: () => ({ status: 500, body: HTML_ERROR_PAGE(500, 'Internal Server Error') }),
	challengePage: () => ({ status: 200, body: CHALLENGE_PAGE }),
	emptyBody: () => ({ status: 200, body: '', contentType: 'application/json' }),
	truncatedJson: ({ realAnswer }) => {
		const { status, body } = realAnswer();
		return {
			status,
			body: body.slice(0, Math.ceil(body.length / 2)),
			contentType: 'application/json',
		};
	},
	wrongShape: ({ action }) => ({
		status: 200,
		body: WRONG_SHAPES[action] ?? '[]',
		contentType: 'application/json',
	}),
	tooManyRequests: ({ retryAfterSeconds }) => ({
		status: 429,
		headers: { 'Retry-After': String(retryAfterSeconds) },
		body: JSON.stringify({ error: 'Too many requests' }),
		contentType: 'application/json',
	}),
	tooManyRequestsWithoutRetryAfter: () => ({
		status: 429,
		body: HTML_ERROR_PAGE(429, 'Too Many Requests'),
	}),
	badGateway: () => ({ status: 502, body: HTML_ERROR_PAGE(502, 'Bad Gateway') }),
	serviceUnavailable: () => ({ status: 503, body: HTML_ERROR_PAGE(503, 'Service Unavailable') }),
	gatewayTimeout: () => ({ status: 504, body: HTML_ERROR_PAGE(504, 'Gateway Timeout') }),
	connectionReset: () => ({ reset: true }),
	// The panel did the work (an `add` placed and charged the order), then the connection dropped
	// before the answer left: the case where only the panel knows what happened.
	connectionResetAfterWork: ({ realAnswer }) => {
		realAnswer();
		return { reset: true };
	},
	slowReply: ({ realAnswer, slowReplyMs }) => ({
		...realAnswer(),
		contentType: 'application/json',
		delayMs: slowReplyMs,
	}),
	redirect: ({ redirectTo }) => ({ status: 302, headers: { Location: redirectTo }, body: '' }),
};

const FAULT_NAMES = Object.keys(FAULTS);

/** A small seeded generator (mulberry32), so that "random" faults repeat exactly run after run. */
function seededRandom(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * @typedef {{ status?: number, body?: string, contentType?: string, headers?: Record<string, string>, reset?: boolean, delayMs?: number }} Fault
 * @typedef {{ action: string, realAnswer: () => { status: number, body: string }, retryAfterSeconds: number, slowReplyMs: number, redirectTo: string }} FaultContext
 * @typedef {{ kinds?: string[], rate?: number, seed?: number, skip?: number, actions?: string[] | null, limit?: number }} FaultInjection
 * @typedef {{ action: string | null, query: Record<string, string>, keyValid: boolean, at: number, fault: string | null }} LoggedRequest
 * @typedef {{ charge: string, start_count: number, status: string, remains: number, currency: string, service: number, link: string }} Order
 * @typedef {{ perWindow: number, windowMs: number, retryAfter: boolean, windowStart: number, served: number }} RateLimit
 */

/**
 * @param {{ apiKey?: string, port?: number, errorStyle?: 'http' | 'body' }} [options]
 */
function createSandbox(options = {}) {
	const apiKey = options.apiKey ?? DEFAULT_API_KEY;
	const state = {
		/** 'http': errors as HTTP 4xx with a JSON body; 'body': HTTP 200 with `{ "error": ... }`. */
		errorStyle: options.errorStyle ?? 'http',
		services: defaultServices(),
		balance: 25,
		/** @type {Map<number, Order>} */
		orders: new Map(),
		nextOrderId: 23501,
		/** @type {LoggedRequest[]} */
		requests: [],
		/** @type {Array<{ fault: string | Fault, action: string | null }>} faults served, one per
		 * request (of `action`, or of any action), before anything else */
		faults: [],
		/** @type {{ kinds: string[], rate: number, random: () => number, skip: number, actions: string[] | null, limit: number } | null} */
		injection: null,
		/** The Retry-After (seconds) of the tooManyRequests fault. */
		retryAfterSeconds: 1,
		/** How late the slowReply fault answers. */
		slowReplyMs: 1500,
		/** Where the redirect fault points: by default the discard port, where nothing listens. */
		redirectTo: 'http://127.0.0.1:9/',
		/** @type {RateLimit | null} the panel's limit of requests per window, as limitRate() set it */
		rateLimit: null,
	};
	const pendingReplies = new Set();

	function addOrder(serviceId, link, status = 'Pending') {
		const service = state.services.find((entry) => entry.service === serviceId);
		const id = state.nextOrderId++;
		state.orders.set(id, {
			charge: service ? service.rate.toFixed(2) : '0.00',
			start_count: 0,
			status,
			remains: status === 'Completed' ? 0 : 1,
			currency: 'USD',
			service: serviceId,
			link,
		});
		return id;
	}

	function publicOrder(order) {
		const { charge, start_count, status, remains, currency } = order;
		return { charge, start_count, status, remains, currency };
	}

	/** @returns {{ status: number, body: unknown } | { error: keyof typeof ERRORS }} */
	function answer(query) {
		if (query.key !== apiKey) return { error: 'badKey' };
		switch (query.action) {
			case 'services':
				return { status: 200, body: state.services };
			case 'balance':
				return { status: 200, body: { currency: 'USD', balance: state.balance.toFixed(2) } };
			case 'status':
				return answerStatus(query);
			case 'add':
				return answerAdd(query);
			default:
				return { error: 'badRequest' };
		}
	}

	function answerStatus(query) {
		if (query.orders !== undefined) {
			const ids = query.orders.split(',').filter((id) => id !== '');
			if (ids.length === 0 || ids.length > MAX_STATUS_IDS) return { error: 'badRequest' };
			const body = {};
			for (const id of ids) {
				const order = state.orders.get(Number(id));
				body[id] = order ? publicOrder(order) : { error: 'Incorrect order ID' };
			}
			return { status: 200, body };
		}
		const order = state.orders.get(Number(query.order));
		if (!order) return { error: 'unknownOrder' };
		return { status: 200, body: publicOrder(order) };
	}

	function answerAdd(query) {
		const service = state.services.find((entry) => String(entry.service) === query.service);
		if (!service || !query.link) return { error: 'badRequest' };
		if (state.balance < service.rate) return { error: 'noBalance' };
		state.balance = Math.round((state.balance - service.rate) * 100) / 100;
		return { status: 200, body: { order: addOrder(service.service, query.link) } };
	}

	function send(res, status, body, contentType = 'application/json', headers = {}) {
		res.writeHead(status, { 'Content-Type': contentType, ...headers });
		res.end(body);
	}

	/** The documented answer to a request, as status and JSON text (processing it, for `add`). */
	function realAnswer(url, query) {
		if (url.pathname.replace(/\/+$/, '') !== API_PATH) {
			return { status: 404, body: HTML_ERROR_PAGE(404, 'Not Found'), contentType: 'text/html' };
		}
		const result = answer(query);
		if ('error' in result) {
			const { status, message } = ERRORS[result.error];
			return {
				status: state.errorStyle === 'http' ? status : 200,
				body: JSON.stringify({ error: message }),
			};
		}
		return { status: result.status, body: JSON.stringify(result.body) };
	}

	/** The fault for this request, by name (or a custom one), or null to answer normally. */
	function nextFault(action) {
		const queued = state.faults.findIndex(
			(entry) => entry.action === null || entry.action === action,
		);
		if (queued >= 0) return state.faults.splice(queued, 1)[0].fault;
		const injection = state.injection;
		if (!injection) return null;
		if (injection.actions && !injection.actions.includes(action)) return null;
		if (injection.skip > 0) {
			injection.skip--;
			return null;
		}
		if (injection.limit <= 0 || injection.random() >= injection.rate) return null;
		injection.limit--;
		return injection.kinds[Math.floor(injection.random() * injection.kinds.length)];
	}

	/** @type {{ action: string, count: number, waiting: Array<() => void>, timer: NodeJS.Timeout } | null} */
	let heldReplies = null;

	function releaseHeldReplies() {
		if (!heldReplies) return;
		const { waiting, timer } = heldReplies;
		clearTimeout(timer);
		pendingReplies.delete(timer);
		heldReplies = null;
		for (const reply of waiting) reply();
	}

	const server = http.createServer((req, res) => {
		if (
			heldReplies &&
			new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('action') === heldReplies.action
		) {
			heldReplies.waiting.push(() => handle(req, res));
			if (heldReplies.waiting.length >= heldReplies.count) releaseHeldReplies();
			return;
		}
		handle(req, res);
	});

	/**
	 * The 429 for a request over the rate limit, or null when it is within it. A window opens with
	 * the first request after the last one closed, as panels that count per key and minute do; only
	 * the requests let through count.
	 * @returns {Fault | null}
	 */
	function rateLimited(now) {
		const limit = state.rateLimit;
		if (!limit) return null;
		if (now - limit.windowStart >= limit.windowMs) {
			limit.windowStart = now;
			limit.served = 0;
		}
		if (limit.served < limit.perWindow) {
			limit.served++;
			return null;
		}
		if (!limit.retryAfter) return { status: 429, body: HTML_ERROR_PAGE(429, 'Too Many Requests') };
		const seconds = Math.ceil((limit.windowStart + limit.windowMs - now) / 1000);
		return {
			status: 429,
			headers: { 'Retry-After': String(seconds) },
			body: JSON.stringify({ error: 'Too many requests' }),
			contentType: 'application/json',
		};
	}

	function handle(req, res) {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const query = Object.fromEntries(url.searchParams);
		const now = Date.now();
		const refused = rateLimited(now);
		// A request over the rate limit is turned away before any queued or injected fault.
		const fault = refused ? null : nextFault(query.action ?? null);
		let loggedFault = null;
		if (refused) loggedFault = 'rateLimited';
		else if (fault !== null) loggedFault = typeof fault === 'string' ? fault : 'custom';
		state.requests.push({
			action: query.action ?? null,
			query: Object.fromEntries(Object.entries(query).filter(([name]) => name !== 'key')),
			keyValid: query.key === apiKey,
			at: now,
			fault: loggedFault,
		});
		if (refused) {
			serveFault(req, res, refused);
			return;
		}
		if (fault === null) {
			const { status, body, contentType } = realAnswer(url, query);
			send(res, status, body, contentType);
			return;
		}
		const faultAnswer =
			typeof fault === 'string'
				? FAULTS[fault]({
						action: query.action ?? '',
						realAnswer: () => realAnswer(url, query),
						retryAfterSeconds: state.retryAfterSeconds,
						slowReplyMs: state.slowReplyMs,
						redirectTo: state.redirectTo,
					})
				: fault;
		serveFault(req, res, faultAnswer);
	}

	function serveFault(req, res, fault) {
		const respond = () => {
			pendingReplies.delete(timer);
			if (fault.reset) {
				req.socket.destroy();
				return;
			}
			send(
				res,
				fault.status ?? 200,
				fault.body ?? '',
				fault.contentType ?? 'text/html',
				fault.headers,
			);
		};
		const timer = fault.delayMs ? setTimeout(respond, fault.delayMs) : undefined;
		if (timer) pendingReplies.add(timer);
		else respond();
	}

	function checkFaultName(fault) {
		if (typeof fault === 'string' && !FAULTS[fault]) throw new Error(`Unknown fault "${fault}"`);
	}

	function queue(action, faults) {
		for (const fault of faults) checkFaultName(fault);
		state.faults.push(...faults.map((fault) => ({ fault, action })));
	}

	return {
		apiKey,
		state,
		addOrder,
		/**
		 * Queue faults (names from FAULTS, or custom answers); each is served to one request, in
		 * order, instead of the normal answer.
		 * @param {...(string | Fault)} faults
		 */
		queueFault(...faults) {
			queue(null, faults);
		},
		/**
		 * Like queueFault, for requests of one action only (requests of other actions pass by).
		 * @param {string} action
		 * @param {...(string | Fault)} faults
		 */
		queueFaultFor(action, ...faults) {
			queue(action, faults);
		},
		/**
		 * Fault-injection mode: after `skip` requests, each request meets a fault with probability
		 * `rate`, drawn from `kinds` by a generator seeded with `seed` (the same seed, the same faults).
		 * With `actions`, only requests of those actions count and meet faults; with `limit`, at most
		 * that many faults are served.
		 * @param {FaultInjection} [injection]
		 */
		injectFaults({
			kinds = FAULT_NAMES,
			rate = 1,
			seed = 1,
			skip = 0,
			actions = null,
			limit = Infinity,
		} = {}) {
			for (const kind of kinds) checkFaultName(kind);
			state.injection = { kinds, rate, random: seededRandom(seed), skip, actions, limit };
		},
		/**
		 * Holds back the replies to `action` until `count` of its requests have arrived (or
		 * `timeoutMs` has passed), then answers them all at once: concurrent clients then go on
		 * from the same moment, as they do under load.
		 * @param {string} action
		 * @param {number} count
		 */
		holdRepliesUntil(action, count, timeoutMs = 10000) {
			releaseHeldReplies();
			const timer = setTimeout(releaseHeldReplies, timeoutMs);
			pendingReplies.add(timer);
			heldReplies = { action, count, waiting: [], timer };
		},
		stopFaults() {
			state.injection = null;
			state.faults.length = 0;
		},
		/**
		 * A panel's rate limit: at most `perWindow` requests per window of `windowMs` (a minute),
		 * the rest answered 429, with a Retry-After of the seconds left in the window or (as many
		 * panels) without one. `limitRate(null)` lifts it.
		 * @param {{ perWindow: number, windowMs?: number, retryAfter?: boolean } | null} limit
		 */
		limitRate(limit) {
			state.rateLimit = limit && {
				perWindow: limit.perWindow,
				windowMs: limit.windowMs ?? 60_000,
				retryAfter: limit.retryAfter ?? false,
				windowStart: -Infinity,
				served: 0,
			};
		},
		/** The requests the rate limit turned away. */
		rateLimitedRequests() {
			return state.requests.filter((request) => request.fault === 'rateLimited');
		},
		requestsFor(action) {
			return state.requests.filter((request) => request.action === action);
		},
		clearLog() {
			state.requests.length = 0;
		},
		/** Back to the initial catalogue, balance and orders, with an empty log. */
		reset() {
			releaseHeldReplies();
			state.errorStyle = options.errorStyle ?? 'http';
			state.services = defaultServices();
			state.balance = 25;
			state.orders.clear();
			state.nextOrderId = 23501;
			state.requests.length = 0;
			state.faults.length = 0;
			state.injection = null;
			state.retryAfterSeconds = 1;
			state.rateLimit = null;
			state.slowReplyMs = 1500;
			state.redirectTo = 'http://127.0.0.1:9/';
		},
		/** @returns {Promise<{ baseUrl: string, port: number }>} */
		listen(port = options.port ?? 0) {
			return new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(port, '127.0.0.1', () => {
					const address = /** @type {import('node:net').AddressInfo} */ (server.address());
					this.baseUrl = `http://127.0.0.1:${address.port}${API_PATH}`;
					resolve({ baseUrl: this.baseUrl, port: address.port });
				});
			});
		},
		/** @type {string} set by listen() */
		baseUrl: '',
		/**
		 * An outage: the panel's open connections are cut and new ones refused (ECONNREFUSED) until
		 * `comeBack()` listens on the same port again. Nothing that arrives meanwhile is logged.
		 */
		goDown() {
			return new Promise((resolve) => {
				server.close(() => resolve(undefined));
				server.closeAllConnections?.();
			});
		},
		comeBack() {
			const { port } = new URL(this.baseUrl);
			return new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(Number(port), '127.0.0.1', () => resolve(undefined));
			});
		},
		close() {
			for (const timer of pendingReplies) clearTimeout(timer);
			pendingReplies.clear();
			return new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve(undefined));
			});
		},
	};
}

module.exports = {
	createSandbox,
	API_PATH,
	DEFAULT_API_KEY,
	MAX_STATUS_IDS,
	FAULT_NAMES,
	seededRandom,
};
