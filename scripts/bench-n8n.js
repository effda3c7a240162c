// `npm run bench:n8n`: 10,000 order statuses in a real n8n 2.41.1 (real-n8n/, in .cache/n8n/2.41.1), six
// ways, each a workflow run with `n8n execute`: n8n's HTTP Request node with one request per item
// (what users do without this package), with the key in a credential and typed into the query;
// n8n's HTTP Request node sending the 100 requests the TZSMM Pay node sends (what 100 requests
// cost in n8n itself); the TZSMM Pay node with one item per order; a control (n8n's Edit Fields
// node with one expression per item, no request at all); and the TZSMM Pay node with one item
// holding the list. The figure of each way is the execution time n8n recorded for that node
// (median of --runs, default 3); its requests are read from the sandbox's log. Prints a Markdown
// table; with --write it also records it in bench/RESULTS.md.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { createSandbox, API_PATH } = require('../sandbox/server');
const { ensureToolchain } = require('../real-n8n/toolchain');
const { RUN_DIR_VARIABLE, writeRunState } = require('../real-n8n/run-state');
const { argument, median, writeResultsSection } = require('./bench-support');

const ORDERS = 10_000;
const FIRST_ORDER = 23501;
const LIST_FASTER_THAN_HTTP_REQUEST = 40;
const PER_ITEM_OF_CONTROL = 1.1;

const TZSMM_CREDENTIAL = { id: 'bench-tzsmmpay', name: 'TZSMM Pay sandbox' };
const QUERY_AUTH_CREDENTIAL = { id: 'bench-query-auth', name: 'TZSMM Pay key in the query' };

/** A node of a benchmark workflow. */
const node = (name, type, typeVersion, parameters, extra = {}) => ({
	id: crypto.randomUUID(),
	name,
	type,
	typeVersion,
	position: [0, 0],
	parameters,
	...extra,
});

/** Every order ID, as an expression: one list. */
const ALL_IDS = `={{ Array.from({ length: ${ORDERS} }, (_, i) => ${FIRST_ORDER} + i) }}`;
/** The same IDs as 100 texts of 100 comma-separated IDs: the requests the TZSMM Pay node sends. */
const ID_CHUNKS = `={{ Array.from({ length: ${ORDERS / 100} }, (_, c) => Array.from({ length: 100 }, (_, i) => ${FIRST_ORDER} + c * 100 + i).join(',')) }}`;

/** Manual Trigger → Order IDs (one item, the list in `ids`) [→ one item per entry] → `measured`. */
function benchWorkflow(id, name, measured, { splitPerOrder, ids = ALL_IDS }) {
	const nodes = [
		node('Start', 'n8n-nodes-base.manualTrigger', 1, {}),
		node('Order IDs', 'n8n-nodes-base.set', 3.4, {
			assignments: { assignments: [{ id: 'ids', name: 'ids', type: 'array', value: ids }] },
			options: {},
		}),
	];
	if (splitPerOrder) {
		nodes.push(
			node('One Item per Entry', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'ids' }),
		);
	}
	nodes.push(measured);
	const connections = {};
	for (let index = 0; index < nodes.length - 1; index++) {
		connections[nodes[index].name] = {
			main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]],
		};
	}
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' }, active: false };
}

/**
 * n8n's HTTP Request node asking the sandbox for `status`, with each item's `ids` in the query
 * parameter `idsParameter`, and the key in a Query Auth credential or typed into the query.
 */
function statusRequestNode(sandboxUrl, idsParameter, key) {
	const typedKey = key.typed === undefined ? [] : [{ name: 'key', value: key.typed }];
	const byCredential = key.typed === undefined;
	return node(
		'HTTP Request',
		'n8n-nodes-base.httpRequest',
		4.2,
		{
			url: sandboxUrl,
			...(byCredential
				? { authentication: 'genericCredentialType', genericAuthType: 'httpQueryAuth' }
				: {}),
			sendQuery: true,
			queryParameters: {
				parameters: [
					{ name: 'action', value: 'status' },
					{ name: idsParameter, value: '={{ $json.ids }}' },
					...typedKey,
				],
			},
			options: {},
		},
		byCredential ? { credentials: { httpQueryAuth: QUERY_AUTH_CREDENTIAL } } : {},
	);
}

/** The six ways, each a workflow whose last node is the one measured. */
function ways(sandboxUrl, apiKey) {
	return [
		{
			key: 'httpRequest',
			label: "n8n's HTTP Request node, one request per item, the key in a Query Auth credential",
			node: 'HTTP Request',
			workflow: benchWorkflow(
				'bench-http-request',
				'Bench: HTTP Request per item',
				statusRequestNode(sandboxUrl, 'order', { credential: true }),
				{ splitPerOrder: true },
			),
		},
		{
			key: 'httpRequestPlainKey',
			label: "n8n's HTTP Request node, one request per item, the key typed into the query",
			node: 'HTTP Request',
			workflow: benchWorkflow(
				'bench-http-plain-key',
				'Bench: HTTP Request per item, key in the query',
				statusRequestNode(sandboxUrl, 'order', { typed: apiKey }),
				{ splitPerOrder: true },
			),
		},
		{
			key: 'httpRequestChunks',
			label:
				"n8n's HTTP Request node sending the TZSMM Pay node's 100 requests (100 items of 100 IDs, the key typed in): n8n's own cost of 100 requests",
			node: 'HTTP Request',
			expectedItems: ORDERS / 100,
			workflow: benchWorkflow(
				'bench-http-chunks',
				"Bench: HTTP Request sending the node's requests",
				statusRequestNode(sandboxUrl, 'orders', { typed: apiKey }),
				{ splitPerOrder: true, ids: ID_CHUNKS },
			),
		},
		{
			key: 'perItem',
			label: 'TZSMM Pay, one item per order (Get Status)',
			node: 'TZSMM Pay',
			workflow: benchWorkflow(
				'bench-node-per-item',
				'Bench: TZSMM Pay per item',
				node(
					'TZSMM Pay',
					'n8n-nodes-tzsmmpay.tzsmmPay',
					1,
					{
						resource: 'order',
						operation: 'get',
						orderId: '={{ $json.ids }}',
					},
					{ credentials: { tzsmmPayApi: TZSMM_CREDENTIAL } },
				),
				{ splitPerOrder: true },
			),
		},
		{
			key: 'control',
			label: "control: n8n's Edit Fields node, one expression per item",
			node: 'Edit Fields',
			workflow: benchWorkflow(
				'bench-control',
				'Bench: Edit Fields per item',
				node('Edit Fields', 'n8n-nodes-base.set', 3.4, {
					assignments: {
						assignments: [
							{ id: 'order', name: 'order', type: 'number', value: '={{ $json.ids }}' },
						],
					},
					options: {},
				}),
				{ splitPerOrder: true },
			),
		},
		{
			key: 'list',
			label: 'TZSMM Pay, one item with the list (Get Many Statuses)',
			node: 'TZSMM Pay',
			workflow: benchWorkflow(
				'bench-node-list',
				'Bench: TZSMM Pay with one list',
				node(
					'TZSMM Pay',
					'n8n-nodes-tzsmmpay.tzsmmPay',
					1,
					{
						resource: 'order',
						operation: 'getMany',
						orderIds: '={{ $json.ids }}',
					},
					{ credentials: { tzsmmPayApi: TZSMM_CREDENTIAL } },
				),
				{ splitPerOrder: false },
			),
		},
	];
}

const format = {
	ms: (value) => (value >= 100 ? value.toFixed(0) : value.toFixed(1)),
	count: (value) => value.toLocaleString('en-US'),
	ratio: (value) => `${value.toFixed(2)}x`,
};

async function main() {
	const runs = Number(argument('--runs', '3'));
	ensureToolchain();

	// real-n8n/ works on a run folder (run-state.js): this run gets its own.
	const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tzsmmpay-bench-n8n-'));
	const userFolder = path.join(runDir, 'user');
	fs.mkdirSync(userFolder);
	const apiKey = `bench-key-${crypto.randomBytes(8).toString('hex')}`;
	const sandbox = createSandbox({ apiKey });
	const { port } = await sandbox.listen();
	writeRunState(runDir, {
		userFolder,
		sandboxPort: port,
		apiKey,
		wrongApiKey: '',
		screenshotDir: runDir,
	});
	process.env[RUN_DIR_VARIABLE] = runDir;
	// Loaded only now: they read the run folder's state.
	const { ensureInstalled } = require('../real-n8n/package');
	const { cliFailure, executeByCli, n8nCliOrFail, writeRunFile } = require('../real-n8n/n8n');
	const { stopAll } = require('../real-n8n/processes');

	try {
		for (let index = 0; index < ORDERS; index++) {
			sandbox.addOrder(2, `buyer${index}@example.com`, index % 3 === 0 ? 'Completed' : 'Pending');
		}
		const sandboxUrl = `http://127.0.0.1:${port}${API_PATH}`;
		console.log('bench:n8n: installing the packed package into a fresh n8n user folder');
		await ensureInstalled();
		const credentialsFile = writeRunFile('import/credentials.json', [
			{ ...TZSMM_CREDENTIAL, type: 'tzsmmPayApi', data: { apiKey, baseUrl: sandboxUrl } },
			{ ...QUERY_AUTH_CREDENTIAL, type: 'httpQueryAuth', data: { name: 'key', value: apiKey } },
		]);
		await n8nCliOrFail('import-credentials', ['import:credentials', `--input=${credentialsFile}`]);
		const all = ways(sandboxUrl, apiKey);
		for (const way of all) writeRunFile(`import/workflows/${way.workflow.id}.json`, way.workflow);
		await n8nCliOrFail('import-workflows', [
			'import:workflow',
			'--separate',
			`--input=${path.join(runDir, 'import/workflows')}`,
		]);

		const rows = [];
		for (const way of all) {
			const times = [];
			const requests = [];
			for (let run = 0; run < runs; run++) {
				sandbox.clearLog();
				const result = await executeByCli(`execute-${way.key}-${run}`, way.workflow.id);
				if (!result.succeeded) throw new Error(cliFailure(way.workflow.id, result));
				const nodeRun = result.execution.data.resultData.runData[way.node]?.[0];
				if (!nodeRun) throw new Error(`${way.label}: ${way.node} did not run`);
				const items = nodeRun.data.main[0].length;
				const expected = way.expectedItems ?? ORDERS;
				if (items !== expected) {
					throw new Error(`${way.label} returned ${items} items, not ${expected}`);
				}
				times.push(nodeRun.executionTime);
				requests.push(sandbox.state.requests.length);
			}
			const row = { ...way, ms: median(times), times, requests: median(requests) };
			rows.push(row);
			console.log(
				`  ${way.label}: ${format.ms(row.ms)} ms (${times.map(format.ms).join(', ')}), ${format.count(row.requests)} requests`,
			);
		}

		const report = render(rows, runs);
		console.log(`\n${report}`);
		if (process.argv.includes('--write')) {
			const file = writeResultsSection('n8n', report);
			console.log(`\nWritten to ${path.relative(process.cwd(), file)}`);
		}
	} finally {
		await stopAll(runDir);
		await sandbox.close();
		fs.rmSync(runDir, { recursive: true, force: true });
	}
}

function render(rows, runs) {
	const by = Object.fromEntries(rows.map((row) => [row.key, row]));
	// Against the faster of the two HTTP Request ways, so that the goal is not met on a slow one.
	const fastestHttpRequest = Math.min(by.httpRequest.ms, by.httpRequestPlainKey.ms);
	const listSpeedup = fastestHttpRequest / by.list.ms;
	const perItemOfControl = by.perItem.ms / by.control.ms;
	const table = [
		'| way | node execution time (ms, median) | runs (ms) | requests |',
		'| --- | --- | --- | --- |',
		...rows.map(
			(row) =>
				`| ${row.label} | ${format.ms(row.ms)} | ${row.times.map(format.ms).join(', ')} | ${format.count(row.requests)} |`,
		),
	].join('\n');
	const verdict = (met) => (met ? 'met' : 'NOT MET');
	return `## In a real n8n 2.41.1, against what users do today

Written by \`npm run bench:n8n -- --write\` on ${new Date().toISOString().slice(0, 10)}, on the
machine above.

${format.count(ORDERS)} order statuses, six ways, each a workflow run with \`n8n execute\` (n8n 2.41.1 on
Node 24, SQLite, the package installed from its tarball as Community Nodes installs it; the
sandbox on 127.0.0.1). Each figure is the execution time n8n recorded for the measured node
(median of ${runs} runs); the items come from an Edit Fields node and, for the per-item ways, a
Split Out node, which are not counted. Requests are read from the sandbox's log. The third way is
not what users do: it shows what 100 requests cost in n8n itself, whatever node sends them.

${table}

- One item with the list at least ${LIST_FASTER_THAN_HTTP_REQUEST}x faster than the HTTP Request node, one request per item: ${format.ratio(by.httpRequest.ms / by.list.ms)} against it with the key in a credential, ${format.ratio(by.httpRequestPlainKey.ms / by.list.ms)} with the key typed in; against the faster of the two, ${format.ratio(listSpeedup)}, ${verdict(listSpeedup >= LIST_FASTER_THAN_HTTP_REQUEST)}.
- One item per order within ${PER_ITEM_OF_CONTROL}x of the control: ${format.ratio(perItemOfControl)}, ${verdict(perItemOfControl <= PER_ITEM_OF_CONTROL)}.
- Where the list's time goes: n8n's own HTTP Request node takes ${format.ms(by.httpRequestChunks.ms)} ms to send the same 100 requests and return their 100 answers, which would make it ${format.ratio(fastestHttpRequest / by.httpRequestChunks.ms)} faster than the faster per-item way. The TZSMM Pay node takes ${format.ms(by.list.ms)} ms to send them, check every answer and return ${format.count(ORDERS)} items (${format.ratio(by.list.ms / by.httpRequestChunks.ms)} of what n8n's own node takes for the requests alone): what is left of the list's time is n8n's cost of 100 requests (a new connection and agents for each, in its HTTP helper).`;
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
