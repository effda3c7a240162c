// n8n's REST API as its editor calls it: a session cookie from /rest/login, sent with the same
// browser-id header the login carried (n8n ties the session to it).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const axios = require('axios');

const { repoRoot } = require('./toolchain');

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
 * as the owner (the e2e run's, or `owner`: `npm run dev`'s).
 */
async function signIn(baseUrl, owner = OWNER) {
	const client = createClient(baseUrl);
	const setup = await client.post('/rest/owner/setup', owner);
	if (setup.status !== 200 && setup.status !== 400) {
		throw new Error(`owner setup: HTTP ${setup.status} ${JSON.stringify(setup.data)}`);
	}
	const login = await client.post('/rest/login', {
		emailOrLdapLoginId: owner.email,
		password: owner.password,
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

/**
 * Waits until n8n serves the published webhook (or chat or MCP) URL: n8n 2.x publishes through a
 * queue of its own, a moment after the Publish call returns. A GET, which none of these URLs runs a
 * workflow for, tells registered from not.
 */
async function waitUntilRegistered(url, timeoutMs = 60000) {
	await waitFor(
		`the published ${url}`,
		async () => {
			const probe = await axios.get(url, { validateStatus: () => true });
			return /is not registered\.$/.test(probe.data?.message ?? '') ? undefined : true;
		},
		timeoutMs,
	);
}

/** The workflow's executions as the executions list shows them (newest first). */
async function executionsOf(client, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	return ok(await client.get(`/rest/executions?filter=${filter}`)).data.results;
}

/**
 * Creates a Data Table in the owner's personal project, as a user does in n8n's Data tables tab,
 * with `rows` in it; returns the table with its `projectId`. The e2e files share one n8n database,
 * so a table of that name that an earlier file made is deleted first.
 */
async function createDataTable(client, name, columns, rows = []) {
	const project = ok(await client.get('/rest/projects/personal')).data;
	const tablesUrl = `/rest/projects/${project.id}/data-tables`;
	const listed = ok(await client.get(tablesUrl)).data;
	for (const earlier of (listed.data ?? listed).filter((table) => table.name === name)) {
		ok(await client.delete(`${tablesUrl}/${earlier.id}`));
	}
	const table = ok(
		await client.post(`/rest/projects/${project.id}/data-tables`, { name, columns }),
	).data;
	if (rows.length > 0) {
		ok(
			await client.post(`/rest/projects/${project.id}/data-tables/${table.id}/insert`, {
				data: rows,
				returnType: 'count',
			}),
		);
	}
	return { ...table, columns, projectId: project.id };
}

/** The rows of a Data Table, with only the table's own columns (and, with `system`, id and dates). */
async function tableRows(client, { projectId, id, columns }, { system = false } = {}) {
	const rows = [];
	// n8n gives at most 250 rows a page (MAX_ITEMS_PER_PAGE), whatever `take` asks for, in the
	// order of their IDs.
	for (;;) {
		const page = ok(
			await client.get(
				`/rest/projects/${projectId}/data-tables/${id}/rows?take=250&skip=${rows.length}`,
			),
		).data;
		rows.push(...page.data);
		if (rows.length >= page.count || page.data.length === 0) break;
	}
	const names = [
		...columns.map((column) => column.name),
		...(system ? ['id', 'createdAt', 'updatedAt'] : []),
	];
	return rows.map((row) => Object.fromEntries(names.map((name) => [name, row[name]])));
}

/** The sales ledger the shop automations keep every licence in, as examples/automations names it. */
const SALES_TABLE = 'tzsmmpay_sales';

/**
 * The ledger's columns, read from the node of the shipped ledger workflow that creates the table
 * (its Set Up), so that a test makes the table exactly as a reseller's Set Up does.
 */
function salesTableColumns() {
	const ledger = JSON.parse(
		fs.readFileSync(path.join(repoRoot, 'examples/automations/sales-ledger.json'), 'utf8'),
	);
	const create = ledger.nodes.find(
		(node) => node.parameters.operation === 'create' && node.parameters.tableName === SALES_TABLE,
	);
	return create.parameters.columns.column.map(({ name, type }) => ({ name, type }));
}

/**
 * Creates the sales ledger with `rows` in it, for tests of workflows that read it (licence-ready,
 * the buyer chat) without the ledger workflow itself.
 */
async function createSalesTable(client, rows = []) {
	return await createDataTable(client, SALES_TABLE, salesTableColumns(), rows);
}

/** The Data table of that name in the owner's personal project, with its columns. */
async function findDataTable(client, name) {
	const project = ok(await client.get('/rest/projects/personal')).data;
	const listed = ok(await client.get(`/rest/projects/${project.id}/data-tables`)).data;
	const table = (listed.data ?? listed).find((candidate) => candidate.name === name);
	if (!table) throw new Error(`no Data table ${name}`);
	const columns = ok(
		await client.get(`/rest/projects/${project.id}/data-tables/${table.id}/columns`),
	).data;
	return { ...table, columns, projectId: project.id };
}

/** Inserts rows into a Data table found with findDataTable, as the Data tables tab does. */
async function insertRows(client, { projectId, id }, rows) {
	ok(
		await client.post(`/rest/projects/${projectId}/data-tables/${id}/insert`, {
			data: rows,
			returnType: 'count',
		}),
	);
}

/**
 * Saves a TZSMM Pay API credential with these fields and runs its Test as the editor does (the
 * fields sent along, as the dialog sends what it shows); returns n8n's answer to the Test.
 */
async function saveAndTestCredential(client, name, data) {
	const created = ok(await client.post('/rest/credentials', { name, type: 'tzsmmPayApi', data }));
	return await client.post('/rest/credentials/test', {
		credentials: { id: created.data.id, name, type: 'tzsmmPayApi', data },
	});
}

/** Publishes (activates) a saved workflow, as the editor's Publish button does. */
async function activate(client, { id }) {
	const { versionId } = ok(await client.get(`/rest/workflows/${id}`)).data;
	const { active } = ok(await client.post(`/rest/workflows/${id}/activate`, { versionId })).data;
	if (active !== true) throw new Error(`workflow ${id} did not become active`);
}

async function deactivate(client, { id }) {
	ok(await client.post(`/rest/workflows/${id}/deactivate`, {}));
}

/** Waits until n8n has no running execution of the workflow (a webhook answers before its end). */
async function settled(client, { id }) {
	await waitFor(
		`the executions of ${id} to finish`,
		async () => {
			const running = (await executionsOf(client, id)).filter((execution) =>
				['new', 'running'].includes(execution.status),
			);
			return running.length === 0 ? true : undefined;
		},
		60000,
	);
}

module.exports = {
	OWNER,
	signIn,
	ok,
	waitFor,
	waitUntilRegistered,
	executionsOf,
	activate,
	deactivate,
	settled,
	createDataTable,
	createSalesTable,
	findDataTable,
	insertRows,
	tableRows,
	saveAndTestCredential,
};
