// The sandbox TZSMM Pay reseller API: one endpoint, `action=services|status|balance|add`, the key
// in the query, as the vendor documents it. In-memory state, both error styles panels use, a log of
// every request, and faults that can be queued. Used by the tests, the demo and the benchmark.
// Plain JavaScript because it needs Node's http module, which n8n's lint rules keep out of *.ts.
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

/**
 * @typedef {{ status?: number, body?: string, contentType?: string, headers?: Record<string, string>, reset?: boolean, delayMs?: number }} Fault
 * @typedef {{ action: string | null, query: Record<string, string>, keyValid: boolean, at: number }} LoggedRequest
 * @typedef {{ charge: string, start_count: number, status: string, remains: number, currency: string, service: number, link: string }} Order
 */

/**
 * @param {{ apiKey?: string, port?: number, errorStyle?: 'http' | 'body' }} [options]
 */
function createMockServer(options = {}) {
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
		/** @type {Fault[]} faults served, one per request, before normal answers */
		faults: [],
	};

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

	const server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const query = Object.fromEntries(url.searchParams);
		state.requests.push({
			action: query.action ?? null,
			query: Object.fromEntries(Object.entries(query).filter(([name]) => name !== 'key')),
			keyValid: query.key === apiKey,
			at: Date.now(),
		});

		const fault = state.faults.shift();
		if (fault) {
			serveFault(req, res, fault);
			return;
		}
		if (url.pathname.replace(/\/+$/, '') !== API_PATH) {
			send(res, 404, '<html><body><h1>404 Not Found</h1></body></html>', 'text/html');
			return;
		}
		const result = answer(query);
		if ('error' in result) {
			const { status, message } = ERRORS[result.error];
			send(res, state.errorStyle === 'http' ? status : 200, JSON.stringify({ error: message }));
			return;
		}
		send(res, result.status, JSON.stringify(result.body));
	});

	function serveFault(req, res, fault) {
		const respond = () => {
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
		if (fault.delayMs) setTimeout(respond, fault.delayMs);
		else respond();
	}

	return {
		apiKey,
		state,
		addOrder,
		/** Queue faults; each is served to one request, in order, instead of the normal answer. */
		queueFault(...faults) {
			state.faults.push(...faults);
		},
		requestsFor(action) {
			return state.requests.filter((request) => request.action === action);
		},
		clearLog() {
			state.requests.length = 0;
		},
		/** Back to the initial catalogue, balance and orders, with an empty log. */
		reset() {
			state.errorStyle = options.errorStyle ?? 'http';
			state.services = defaultServices();
			state.balance = 25;
			state.orders.clear();
			state.nextOrderId = 23501;
			state.requests.length = 0;
			state.faults.length = 0;
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
		close() {
			return new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve(undefined));
			});
		},
	};
}

module.exports = { createMockServer, API_PATH, DEFAULT_API_KEY, MAX_STATUS_IDS };
