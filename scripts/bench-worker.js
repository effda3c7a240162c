// One process of the benchmark (see bench.js): loads n8n's engine and the built node, then, on the
// parent's word, checks N order statuses three ways and reports the time each took:
// - engine:  the TZSMM Pay node in n8n-core's WorkflowExecute, as a user's workflow runs it;
// - axios:   a plain axios loop that sends the same requests (100 IDs each, one at a time), over
//            one kept-alive connection (Node's default agent);
// - axiosFreshConnections: the same loop with a new connection per request, as n8n's HTTP helper
//            makes them (it builds new agents for every request);
// - perItem: one plain request per order, what n8n's HTTP Request node does with one item per order.
// The parent counts the requests in the sandbox's log; this process runs nothing but the client.
'use strict';

const http = require('node:http');
const inspector = require('node:inspector');
const { performance } = require('node:perf_hooks');
const axios = require('axios');
const { runWorkflow } = require('../engine');
const { MAX_STATUS_IDS } = require('../sandbox/server');
const { tzsmmPayWorkflow } = require('./bench-support');

const { baseUrl, apiKey, shape, orderIds } = JSON.parse(process.argv[2]);
const credentials = { tzsmmPayApi: { apiKey, baseUrl } };

/** The workflow and its input for N IDs: one item per order, or one item with the whole list. */
function workflowFor(ids) {
	if (shape === 'items') {
		return {
			...tzsmmPayWorkflow('get', { orderId: '={{ $json.order }}' }),
			pinData: { Start: ids.map((order) => ({ json: { order } })) },
		};
	}
	return {
		...tzsmmPayWorkflow('getMany', { orderIds: '={{ $json.orders }}' }),
		pinData: { Start: [{ json: { orders: ids } }] },
	};
}

async function runNode(ids) {
	const result = await runWorkflow(workflowFor(ids), credentials);
	if (result.error) throw new Error(`The node failed: ${result.error.message}`);
	const items = result.output('TZSMM Pay');
	const answered = items.filter((item) => typeof item.json.status === 'string').length;
	if (answered !== ids.length) {
		throw new Error(`The node returned ${answered} statuses for ${ids.length} orders`);
	}
}

async function statusRequest(params, { freshConnection = false } = {}) {
	const response = await axios.get(baseUrl, {
		params: { key: apiKey, action: 'status', ...params },
		...(freshConnection ? { httpAgent: new http.Agent({ keepAlive: false }) } : {}),
	});
	return response.data;
}

/** What the node does, without n8n: the same chunked requests, one record per order. */
async function runPlainAxios(ids, connection = {}) {
	const records = [];
	for (let start = 0; start < ids.length; start += MAX_STATUS_IDS) {
		const chunk = ids.slice(start, start + MAX_STATUS_IDS);
		const answer = await statusRequest({ orders: chunk.join(',') }, connection);
		for (const id of chunk) records.push({ order: id, ...answer[String(id)] });
	}
	if (records.filter((record) => typeof record.status === 'string').length !== ids.length) {
		throw new Error('The plain axios run missed statuses');
	}
}

/** One request per order, as n8n's HTTP Request node sends for one item per order. */
async function runPerItem(ids) {
	for (const id of ids) await statusRequest({ order: id });
}

const runners = {
	engine: runNode,
	axios: runPlainAxios,
	axiosFreshConnections: (ids) => runPlainAxios(ids, { freshConnection: true }),
	perItem: runPerItem,
};

/** Where the CPU time of the samples went, by who runs the code (a frame's own time, not its callees'). */
const ORIGINS = [
	[
		'n8n expressions (n8n-workflow, luxon)',
		/node_modules\/(n8n-workflow|luxon|@n8n\/(expression-runtime|tournament))\//,
	],
	['n8n engine and helpers (n8n-core, @n8n/*)', /node_modules\/(n8n-core|@n8n)\//],
	[
		'HTTP client (axios, Node)',
		/node_modules\/(axios|follow-redirects|form-data|proxy-from-env)\/|^node:/,
	],
	['the TZSMM Pay node', /\/dist\/(nodes|credentials)\//],
	['garbage collection', /^\(garbage collector\)$/],
	['idle (waiting for the sandbox)', /^\(idle\)$/],
	['V8 and native code (JSON, sockets)', /^[^:/]*$/],
];

function shareByOrigin(profile) {
	const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
	const totals = new Map();
	profile.samples.forEach((id, index) => {
		const { url, functionName } = frames.get(id);
		// The inspector's own `dispatch` (starting and stopping the profiler) is not the run's.
		if (!url && functionName === 'dispatch') return;
		const where = url || functionName;
		const origin = ORIGINS.find(([, pattern]) => pattern.test(where))?.[0] ?? 'other';
		totals.set(origin, (totals.get(origin) ?? 0) + (profile.timeDeltas[index] ?? 0));
	});
	const all = [...totals.values()].reduce((sum, value) => sum + value, 0);
	return Object.fromEntries([...totals].map(([origin, micros]) => [origin, micros / all]));
}

/** Runs the node once under V8's sampling profiler. */
async function profileNode(ids) {
	const session = new inspector.Session();
	session.connect();
	const post = (method, params) =>
		new Promise((resolve, reject) =>
			session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
		);
	await post('Profiler.enable');
	await post('Profiler.setSamplingInterval', { interval: 100 });
	await post('Profiler.start');
	await runNode(ids);
	const { profile } = await post('Profiler.stop');
	session.disconnect();
	return shareByOrigin(profile);
}

/** The most memory the process has held so far, in MB (resident set). */
function peakRssMb() {
	return process.resourceUsage().maxRSS / 1024;
}

process.on('message', async (message) => {
	try {
		if (message.kind === 'warmUp') {
			// Loads what the first run would load lazily, so that no timed run pays for it.
			await runNode(orderIds.slice(0, 1));
			await runPlainAxios(orderIds.slice(0, 1));
			process.send({ ok: true, peakRssMb: peakRssMb() });
			return;
		}
		if (message.kind === 'profile') {
			process.send({ ok: true, shares: await profileNode(orderIds) });
			return;
		}
		const started = performance.now();
		await runners[message.kind](orderIds);
		const ms = performance.now() - started;
		process.send({ ok: true, ms, peakRssMb: peakRssMb() });
	} catch (error) {
		process.send({ ok: false, error: error.message });
	}
});
process.send({ ok: true, ready: true });
