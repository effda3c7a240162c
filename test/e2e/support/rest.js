// n8n's REST API as its editor calls it: a session cookie from /rest/login, sent with the same
// browser-id header the login carried (n8n ties the session to it).
'use strict';

const axios = require('axios');

const OWNER = {
	email: 'owner@example.com',
	firstName: 'Eve',
	lastName: 'Tester',
	password: 'E2e-Password-2026',
};
const BROWSER_ID = 'tzsmmpay-e2e';

/** A client of n8n at `baseUrl` that keeps the session cookie; answers of any status resolve. */
function createClient(baseUrl) {
	let cookie = '';
	const client = axios.create({
		baseURL: baseUrl,
		validateStatus: () => true,
		headers: { 'browser-id': BROWSER_ID },
	});
	client.interceptors.request.use((config) => {
		if (cookie) config.headers.cookie = cookie;
		return config;
	});
	client.interceptors.response.use((response) => {
		const setCookie = response.headers['set-cookie'];
		if (setCookie) cookie = setCookie.map((entry) => entry.split(';')[0]).join('; ');
		return response;
	});
	return client;
}

/**
 * Sets the owner up (answered 400 when an earlier server of the run already did), then logs in
 * as the owner.
 */
async function signIn(baseUrl) {
	const client = createClient(baseUrl);
	const setup = await client.post('/rest/owner/setup', OWNER);
	if (setup.status !== 200 && setup.status !== 400) {
		throw new Error(`owner setup: HTTP ${setup.status} ${JSON.stringify(setup.data)}`);
	}
	const login = await client.post('/rest/login', {
		emailOrLdapLoginId: OWNER.email,
		password: OWNER.password,
	});
	if (login.status !== 200) {
		throw new Error(`login: HTTP ${login.status} ${JSON.stringify(login.data)}`);
	}
	return client;
}

/** The body of a 200 answer; any other status fails with what n8n said. */
function ok(response) {
	if (response.status !== 200) {
		throw new Error(
			`HTTP ${response.status} from ${response.config.url}: ${JSON.stringify(response.data)}`,
		);
	}
	return response.data;
}

/**
 * Asks `probe` every second until it returns something other than undefined, and returns that;
 * fails after `timeoutMs` naming what it waited for.
 */
async function waitFor(description, probe, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
}

/** The workflow's executions as the executions list shows them (newest first). */
async function executionsOf(client, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	return ok(await client.get(`/rest/executions?filter=${filter}`)).data.results;
}

/** The Data Table the shop-sale automations keep their orders in, as their sticky notes say. */
const ORDERS_TABLE = 'tzsmmpay_orders';

/**
 * Creates the orders Data Table in the owner's personal project, as a user does before importing
 * the shop-sale automations; returns the table with its `projectId`.
 */
async function createOrdersTable(client) {
	const project = ok(await client.get('/rest/projects/personal')).data;
	const table = ok(
		await client.post(`/rest/projects/${project.id}/data-tables`, {
			name: ORDERS_TABLE,
			columns: [
				{ name: 'order', type: 'number' },
				{ name: 'email', type: 'string' },
				{ name: 'sale', type: 'string' },
				{ name: 'status', type: 'string' },
			],
		}),
	).data;
	return { ...table, projectId: project.id };
}

module.exports = { OWNER, signIn, ok, waitFor, executionsOf, createOrdersTable };
