// @ts-check
/**
 * What a plain http:// request would put on the network. While a test file runs, n8n's HTTP client
 * is pointed at this proxy on 127.0.0.1 (HTTP_PROXY, which n8n honours), so every request bound for
 * another machine arrives here instead of leaving this one: the test sees its full URL, the key in
 * its query included, and nothing reaches the internet. It answers as a TZSMM Pay panel on the
 * user's own network would. Requests to 127.0.0.1 (the sandbox) go direct (NO_PROXY).
 * Plain JavaScript because it needs Node's http module, which n8n's lint rules keep out of *.ts.
 */
'use strict';

const http = require('node:http');

const PROXY_VARIABLES = ['HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];

/**
 * @typedef {{ host: string; path: string; query: Record<string, string> }} ProxiedRequest
 */

/** The panel's answers, by action. */
const PANEL_ANSWERS = /** @type {Record<string, unknown>} */ ({
	balance: { balance: '12.50', currency: 'USD' },
	services: [],
});

/**
 * The proxy on a free port of 127.0.0.1, recording into `requests`.
 * @returns {Promise<{ url: string; requests: ProxiedRequest[]; close: () => Promise<void> }>}
 */
async function startPlainHttpProxy() {
	/** @type {ProxiedRequest[]} */
	const requests = [];
	const server = http.createServer((request, response) => {
		// A request through a proxy names its whole target: http://host/path?query.
		const target = new URL(request.url ?? '', 'http://unnamed.invalid');
		const query = Object.fromEntries(target.searchParams);
		requests.push({ host: target.host, path: target.pathname, query });
		const answer = PANEL_ANSWERS[query.action] ?? { error: 'Incorrect request' };
		response.writeHead(200, { 'Content-Type': 'application/json' });
		response.end(JSON.stringify(answer));
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	return {
		url: `http://127.0.0.1:${address.port}`,
		requests,
		close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
	};
}

/**
 * The environment that sends n8n's requests for other machines to the proxy at `url`.
 * @param {string} url
 */
function proxyEnvironment(url) {
	return { HTTP_PROXY: url, NO_PROXY: '127.0.0.1,localhost' };
}

/**
 * For a jest file: the proxy started before its tests, this process's n8n-core pointed at it, and
 * both undone after them; `requests` is emptied before each test.
 * @returns {{ requests: ProxiedRequest[] }}
 */
function usePlainHttpProxy() {
	/** @type {Awaited<ReturnType<typeof startPlainHttpProxy>> | undefined} */
	let proxy;
	/** @type {Record<string, string | undefined>} */
	const saved = {};

	beforeAll(async () => {
		proxy = await startPlainHttpProxy();
		for (const name of PROXY_VARIABLES) {
			saved[name] = process.env[name];
			delete process.env[name];
		}
		Object.assign(process.env, proxyEnvironment(proxy.url));
	});

	beforeEach(() => {
		proxy?.requests.splice(0);
	});

	afterAll(async () => {
		for (const name of PROXY_VARIABLES) {
			if (saved[name] === undefined) delete process.env[name];
			else process.env[name] = saved[name];
		}
		await proxy?.close();
	});

	return {
		get requests() {
			if (!proxy) throw new Error('The proxy starts in beforeAll');
			return proxy.requests;
		},
	};
}

module.exports = { startPlainHttpProxy, proxyEnvironment, usePlainHttpProxy };
