/**
 * `n8n start` with the package installed: what the editor is served (node types, icon), the
 * credential test as the editor runs it, and the trigger examples activated, polled by n8n's own
 * scheduler and reporting changes of the sandbox.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { modulesDir, repoRoot } = require('../../real-n8n/toolchain');
const { startN8nServer } = require('../../real-n8n/n8n');
const { executionsOf, ok, saveAndTestCredential, signIn, waitFor } = require('../../real-n8n/rest');
const { readRunState } = require('../../real-n8n/run-state');
const { useSandbox } = require('../../sandbox/use-sandbox');
const { startPlainHttpProxy, proxyEnvironment } = require('../harness/plain-http-proxy');
const { examples, ensureImported, SANDBOX_CREDENTIAL } = require('./support/workflows');

// n8n sends execution data as `flatted` JSON; its own copy reads it.
const flatted = require(path.join(modulesDir, 'flatted'));

const { apiKey, wrongApiKey, sandboxPort } = readRunState();
const sandbox = useSandbox({ apiKey, port: sandboxPort });
let n8n;
let rest;
// n8n's requests for other machines go to this recording proxy on 127.0.0.1, not to the network.
let proxy;

beforeAll(async () => {
	await ensureImported();
	proxy = await startPlainHttpProxy();
	n8n = await startN8nServer(proxyEnvironment(proxy.url), 'n8n-server');
	rest = await signIn(n8n.baseUrl);
});

afterAll(async () => {
	await n8n?.stop();
	await proxy?.close();
});

describe('what the editor is served', () => {
	test('/types/nodes.json lists the node, its tool variant and the trigger', async () => {
		const nodeTypes = ok(await rest.get('/types/nodes.json'));
		const ours = nodeTypes
			.filter((type) => type.name.startsWith('n8n-nodes-tzsmmpay.'))
			.map((type) => [type.name, type.displayName, type.iconUrl.light]);

		const icon = 'icons/n8n-nodes-tzsmmpay/dist/nodes/TzsmmPay/tzsmmpay.svg';
		expect(ours).toEqual(
			expect.arrayContaining([
				['n8n-nodes-tzsmmpay.tzsmmPay', 'TZSMM Pay', icon],
				['n8n-nodes-tzsmmpay.tzsmmPayTool', 'TZSMM Pay Tool', icon],
				['n8n-nodes-tzsmmpay.tzsmmPayTrigger', 'TZSMM Pay Trigger', icon],
			]),
		);
		expect(ours).toHaveLength(3);
	});

	test("the node's icon is served as the package's SVG", async () => {
		const response = await rest.get('/icons/n8n-nodes-tzsmmpay/dist/nodes/TzsmmPay/tzsmmpay.svg', {
			responseType: 'text',
		});

		expect(response.status).toBe(200);
		expect(response.headers['content-type']).toMatch(/^image\/svg\+xml/);
		expect(response.data).toBe(
			fs.readFileSync(path.join(repoRoot, 'nodes/TzsmmPay/tzsmmpay.svg'), 'utf8'),
		);
	});
});

describe('the credential test (POST /rest/credentials/test)', () => {
	test('passes with the sandbox key, sending the stored key the editor only sees blanked', async () => {
		const stored = ok(
			await rest.get(`/rest/credentials/${SANDBOX_CREDENTIAL.id}?includeData=true`),
		);
		expect(stored.data.data.apiKey).not.toBe(apiKey);

		const response = await rest.post('/rest/credentials/test', {
			credentials: {
				id: stored.data.id,
				name: stored.data.name,
				type: stored.data.type,
				data: stored.data.data,
			},
		});

		expect(ok(response)).toEqual({ data: { status: 'OK', message: 'Connection successful!' } });
		expect(sandbox.state.requests.map((request) => [request.action, request.keyValid])).toEqual([
			['balance', true],
		]);
	});

	test("fails with a wrong key, with the API's message and without the key", async () => {
		const created = ok(
			await rest.post('/rest/credentials', {
				name: 'TZSMM Pay, key typed wrong',
				type: 'tzsmmPayApi',
				data: { apiKey: wrongApiKey, baseUrl: `${sandbox.baseUrl}` },
			}),
		);

		const response = await rest.post('/rest/credentials/test', {
			credentials: {
				id: created.data.id,
				name: created.data.name,
				type: 'tzsmmPayApi',
				data: { apiKey: wrongApiKey, baseUrl: sandbox.baseUrl },
			},
		});

		expect(ok(response)).toEqual({ data: { status: 'Error', message: 'Invalid API key' } });
		expect(JSON.stringify(created)).not.toContain(wrongApiKey);
		expect(sandbox.state.requests.length).toBeGreaterThan(0);
		expect(sandbox.state.requests.every((request) => !request.keyValid)).toBe(true);
	});

	const saveAndTest = async (name, data) => ok(await saveAndTestCredential(rest, name, data));

	test('refuses a plain http:// Base URL for another machine, saying why, and sends nothing', async () => {
		proxy.requests.splice(0);

		const result = await saveAndTest('TZSMM Pay, http:// typo', {
			apiKey,
			baseUrl: 'http://tzsmmpay.com/api/smmpanel/v1',
		});

		expect(result).toEqual({
			data: {
				status: 'Error',
				message:
					'The Base URL of the TZSMM Pay API credential starts with http://, which would send the API key unencrypted',
			},
		});
		expect(proxy.requests).toEqual([]);
	});

	test('with Allow Unencrypted HTTP on, reaches a panel on the own network (key in clear)', async () => {
		proxy.requests.splice(0);

		const result = await saveAndTest('TZSMM Pay, panel on the LAN', {
			apiKey,
			baseUrl: 'http://panel.lan/api/v2',
			allowUnencryptedHttp: true,
		});

		expect(result).toEqual({ data: { status: 'OK', message: 'Connection successful!' } });
		expect(proxy.requests).toEqual([
			{ host: 'panel.lan', path: '/api/v2', query: { action: 'balance', key: apiKey } },
		]);
	});
});

/** The trigger node of an imported example, found by its type. */
function triggerOf(file) {
	const example = examples().find((entry) => entry.file === file);
	const trigger = example.workflow.nodes.find(
		(node) => node.type === 'n8n-nodes-tzsmmpay.tzsmmPayTrigger',
	);
	return { id: example.id, nodeName: trigger.name };
}

/** The IDs of the workflow's executions so far. */
async function executionIds({ id }) {
	return (await executionsOf(rest, id)).map((execution) => execution.id);
}

/** The items the trigger emitted in the workflow's first execution, once that has ended. */
async function firstExecutionItems(trigger) {
	const { nodeName } = trigger;
	const executionId = await waitFor(
		`an execution of ${trigger.id}`,
		async () => (await executionIds(trigger))[0],
		150000,
	);
	// n8n lists an execution as soon as it starts.
	const execution = await waitFor(
		`execution ${executionId} to end`,
		async () => {
			const found = ok(await rest.get(`/rest/executions/${executionId}`)).data;
			return ['new', 'running', 'waiting'].includes(found.status) ? undefined : found;
		},
		30000,
	);
	expect(execution.status).toBe('success');
	const runData = flatted.parse(execution.data).resultData.runData;
	return runData[nodeName][0].data.main[0].map((item) => item.json);
}

test('the trigger examples, activated, record a baseline and report the next change', async () => {
	sandbox.addOrder(3, 'first@example.com', 'Completed');
	sandbox.addOrder(2, 'second@example.com', 'In progress');
	const triggers = [
		triggerOf('order-status-changed.json'),
		triggerOf('balance-below.json'),
		triggerOf('service-changed.json'),
	];

	for (const { id } of triggers) {
		const { versionId } = ok(await rest.get(`/rest/workflows/${id}`)).data;
		const activated = ok(await rest.post(`/rest/workflows/${id}/activate`, { versionId })).data;
		expect(activated.active).toBe(true);
	}
	// Activation polls each trigger once: the baseline, which emits nothing. Where n8n keeps it
	// (static data or its poll-cursor table) is n8n's business; the next poll must find it.
	// n8n may finish activating after it answered, so the baseline polls are awaited. (A scheduled
	// poll may already have followed, so the requests are counted as at least one.)
	const actions = ['status', 'balance', 'services'];
	await waitFor(
		'the baseline polls',
		async () =>
			actions.every((action) => sandbox.requestsFor(action).length > 0) ? true : undefined,
		30000,
	);
	for (const trigger of triggers) expect(await executionIds(trigger)).toEqual([]);

	sandbox.state.orders.get(23502).status = 'Completed';
	sandbox.state.balance = 5;
	sandbox.state.services.find((service) => service.service === 3).rate = 1.5;

	try {
		// n8n's scheduler polls every minute: the next poll of each trigger reports its change.
		expect(await firstExecutionItems(triggers[0])).toMatchObject([
			{ order: 23502, status: 'Completed', previousStatus: 'In progress' },
		]);
		expect(await firstExecutionItems(triggers[1])).toEqual([
			{ balance: 5, currency: 'USD', threshold: 10 },
		]);
		expect(await firstExecutionItems(triggers[2])).toEqual([
			{ change: 'rateChanged', service: 3, name: 'Monthly Gold', rate: 1.5, previousRate: 1.2 },
		]);
	} finally {
		// Left published, they would poll the sandbox the later files count requests of.
		for (const { id } of triggers) ok(await rest.post(`/rest/workflows/${id}/deactivate`, {}));
	}
}, 240000);

test("neither key appears in n8n's log (debug level)", () => {
	const log = n8n.output();

	expect(log).toContain('Editor is now accessible');
	expect(log).not.toContain(apiKey);
	expect(log).not.toContain(wrongApiKey);
});

test('n8n tried no host name at all (everything it reached was 127.0.0.1)', () => {
	const lookups = n8n
		.output()
		.split('\n')
		.filter((line) => /getaddrinfo|ENOTFOUND|EAI_AGAIN/.test(line));

	expect(lookups).toEqual([]);
});
