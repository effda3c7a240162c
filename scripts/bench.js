// `npm run bench`: how many requests the node needs for N order statuses, and what n8n's engine
// costs on top of plain HTTP. The sandbox API runs in this process; each row's client runs in a
// fresh worker process (bench-worker.js), so its memory and time are the client's own. Prints a
// Markdown table; with --write it also records it in bench/RESULTS.md with the machine's
// description. Options: --runs N (timed runs per client and row, default 7); --shape items|list
// and --size N to measure one row only.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { fork } = require('node:child_process');
const { createSandbox, MAX_STATUS_IDS } = require('../sandbox/server');
const { argument, median, writeResultsSection } = require('./bench-support');

const SIZES = [1, 100, 1000, 10000];
const SHAPES = [
	{ key: 'items', label: 'one item per order (Get Status)' },
	{ key: 'list', label: 'one item with a list (Get Many Statuses)' },
];
const TARGET_RATIO = 1.2;

/** A worker process for one row, with a function that asks it to do one thing and waits. */
function startWorker(settings) {
	const child = fork(path.join(__dirname, 'bench-worker.js'), [JSON.stringify(settings)], {
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	let waiting;
	child.on('message', (message) => {
		const settle = waiting;
		waiting = undefined;
		if (message.ok) settle?.resolve(message);
		else settle?.reject(new Error(message.error));
	});
	child.on('exit', (code) => waiting?.reject(new Error(`The worker exited with code ${code}`)));
	const next = () => new Promise((resolve, reject) => (waiting = { resolve, reject }));
	const ready = next();
	return {
		ready,
		ask(kind) {
			const answer = next();
			child.send({ kind });
			return answer;
		},
		stop: () => child.kill(),
	};
}

async function measureRow(server, orderIds, shape, runs) {
	const worker = startWorker({
		baseUrl: server.baseUrl,
		apiKey: server.apiKey,
		shape: shape.key,
		orderIds,
	});
	try {
		await worker.ready;
		const idle = await worker.ask('warmUp');

		/** Runs one client once; the requests it sent are read from the sandbox's log. */
		const once = async (kind) => {
			server.clearLog();
			const { ms, peakRssMb } = await worker.ask(kind);
			return { ms, peakRssMb, requests: server.state.requests.length };
		};

		// The first run of the node sets the row's peak memory; the runs after it are timed, the
		// clients taking turns to go first so that none always meets a warmer server.
		const first = await once('engine');
		const timed = { engine: [], axios: [], axiosFreshConnections: [] };
		const kinds = Object.keys(timed);
		for (let run = 0; run < runs; run++) {
			// Each client goes first in turn.
			const order = kinds.map((_, index) => kinds[(index + run) % kinds.length]);
			for (const kind of order) timed[kind].push(await once(kind));
		}
		const { engine, axios: plain } = timed;
		const perItem = await once('perItem');
		const { shares } = await worker.ask('profile');

		const engineMs = median(engine.map((result) => result.ms));
		const axiosMs = median(plain.map((result) => result.ms));
		const freshMs = median(timed.axiosFreshConnections.map((result) => result.ms));
		return {
			n: orderIds.length,
			shape: shape.label,
			requests: first.requests,
			everyRunSameRequests: engine.every((result) => result.requests === first.requests),
			axiosRequests: plain[0].requests,
			limit: Math.ceil(orderIds.length / MAX_STATUS_IDS),
			perItemRequests: perItem.requests,
			perItemMs: perItem.ms,
			engineMs,
			axiosMs,
			ratio: engineMs / axiosMs,
			freshMs,
			freshRatio: engineMs / freshMs,
			idleRssMb: idle.peakRssMb,
			peakRssMb: first.peakRssMb,
			shares,
		};
	} finally {
		worker.stop();
	}
}

function machineDescription() {
	const cpus = os.cpus();
	const corePackage = require.resolve('n8n-core/package.json', { paths: [process.cwd()] });
	const coreVersion = JSON.parse(fs.readFileSync(corePackage, 'utf8')).version;
	return [
		`${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM`,
		`${os.type()} ${os.release()}, Node ${process.version}, n8n-core ${coreVersion}, axios ${require('axios/package.json').version}`,
	].join('; ');
}

const format = {
	ms: (value) => (value < 10 ? value.toFixed(2) : value.toFixed(0)),
	mb: (value) => value.toFixed(0),
};

function renderTable(rows) {
	const header =
		'| N | shape | requests by the node | limit ⌈N/100⌉ | per-item requests | node in n8n-core (ms, median) | plain axios (ms, median) | ratio | plain axios, new connection per request (ms, median) | ratio to it | per-item approach (ms) | peak RSS (MB; idle) |';
	const rule = '|' + ' --- |'.repeat(12);
	const lines = rows.map((row) =>
		[
			row.n.toLocaleString('en-US'),
			row.shape,
			row.requests,
			row.limit,
			row.perItemRequests.toLocaleString('en-US'),
			format.ms(row.engineMs),
			format.ms(row.axiosMs),
			`${row.ratio.toFixed(2)}x`,
			format.ms(row.freshMs),
			`${row.freshRatio.toFixed(2)}x`,
			format.ms(row.perItemMs),
			`${format.mb(row.peakRssMb)} (${format.mb(row.idleRssMb)})`,
		].join(' | '),
	);
	return [header, rule, ...lines.map((line) => `| ${line} |`)].join('\n');
}

/** Where the node's run spent its CPU time, for the largest N, by who runs the code. */
function renderShares(rows) {
	const largest = rows.filter((row) => row.n === Math.max(...SIZES));
	const origins = [...new Set(largest.flatMap((row) => Object.keys(row.shares)))].sort(
		(a, b) => (largest[0].shares[b] ?? 0) - (largest[0].shares[a] ?? 0),
	);
	return [
		`| CPU time of one node run at N = ${Math.max(...SIZES).toLocaleString('en-US')}, by origin | ${largest.map((row) => row.shape).join(' | ')} |`,
		'|' + ' --- |'.repeat(largest.length + 1),
		...origins.map(
			(origin) =>
				`| ${origin} | ${largest.map((row) => percent(row.shares[origin])).join(' | ')} |`,
		),
	].join('\n');
}

const percent = (share) => `${((share ?? 0) * 100).toFixed(0)} %`;

/** "1 min 40 s": how long N requests take at a panel's limit of requests per minute. */
function atRateLimit(requests, perMinute) {
	const seconds = Math.round((requests / perMinute) * 60);
	const hours = Math.floor(seconds / 3600);
	const minutes = Math.floor((seconds % 3600) / 60);
	const parts = [
		hours && `${hours} h`,
		minutes && `${minutes} min`,
		seconds % 60 && `${seconds % 60} s`,
	];
	return parts.filter(Boolean).join(' ') || '0 s';
}

/** The figures in words: what the shares say about the ratio, and what the requests mean. */
function reading(rows) {
	const largest = rows.filter((row) => row.n === Math.max(...SIZES));
	const lines = largest.map((row) => {
		const expressions = row.shares['n8n expressions (n8n-workflow, luxon)'];
		const node = row.shares['the TZSMM Pay node'];
		return `- ${row.shape}: ${row.ratio.toFixed(2)}x plain axios. n8n's expression engine takes ${percent(expressions)} of the run's CPU time and the TZSMM Pay node's own code ${percent(node)}. n8n's HTTP helper opens a new connection for every request (it builds new agents each time), where plain axios keeps one open: with a new connection per request, plain axios takes ${format.ms(row.freshMs)} ms instead of ${format.ms(row.axiosMs)} ms.`;
	});
	const biggest = largest[0];
	lines.push(
		`- At a panel limit of 60 requests a minute, N = ${biggest.n.toLocaleString('en-US')} costs ${biggest.requests} requests (${atRateLimit(biggest.requests, 60)} of the key's quota) with the node, and ${biggest.perItemRequests.toLocaleString('en-US')} requests (${atRateLimit(biggest.perItemRequests, 60)}) one request per order.`,
	);
	return lines.join('\n');
}

function verdicts(rows) {
	const requestsMet = rows.every(
		(row) =>
			row.requests === row.limit && row.everyRunSameRequests && row.axiosRequests === row.limit,
	);
	const largest = rows.filter((row) => row.n === Math.max(...SIZES));
	return [
		`- Requests equal the limit ⌈N/100⌉ in every row (every run): ${requestsMet ? 'met' : 'NOT MET'}.`,
		...largest.map(
			(row) =>
				`- Engine run at most ${TARGET_RATIO}x plain axios at N = ${row.n.toLocaleString('en-US')}, ${row.shape}: ${row.ratio.toFixed(2)}x, ${row.ratio <= TARGET_RATIO ? 'met' : 'NOT MET'} (${row.freshRatio.toFixed(2)}x plain axios with a new connection per request, as n8n's HTTP helper connects).`,
		),
	].join('\n');
}

async function main() {
	const runs = Number(argument('--runs', '7'));
	const server = createSandbox();
	await server.listen();
	const largest = Math.max(...SIZES);
	const orderIds = Array.from({ length: largest }, (_, index) =>
		server.addOrder(2, `buyer${index}@example.com`, index % 3 === 0 ? 'Completed' : 'Pending'),
	);

	const machine = machineDescription();
	console.log(`Machine: ${machine}`);
	console.log(`Timed runs per client and row: ${runs}\n`);
	const rows = [];
	try {
		// --shape items|list and --size N measure one part only (a quick look, not for --write).
		const onlyShape = argument('--shape', undefined);
		const onlySize = argument('--size', undefined);
		for (const shape of SHAPES.filter((entry) => !onlyShape || entry.key === onlyShape)) {
			for (const n of SIZES.filter((size) => !onlySize || size === Number(onlySize))) {
				const row = await measureRow(server, orderIds.slice(0, n), shape, runs);
				rows.push(row);
				console.log(
					`  N=${n} ${shape.key}: ${row.requests} requests, node ${format.ms(row.engineMs)} ms, axios ${format.ms(row.axiosMs)} ms`,
				);
			}
		}
	} finally {
		await server.close();
	}

	const table = `${renderTable(rows)}\n\n${renderShares(rows)}`;
	const summary = `${verdicts(rows)}\n\n${reading(rows)}`;
	console.log(`\n${table}\n\n${summary}`);

	if (process.argv.includes('--write')) {
		const file = writeResultsSection('engine', renderResults({ machine, runs, table, summary }));
		console.log(`\nWritten to ${path.relative(process.cwd(), file)}`);
	}
	if (!rows.every((row) => row.requests === row.limit)) process.exitCode = 1;
}

function renderResults({ machine, runs, table, summary }) {
	return `## In n8n's engine (n8n-core), against plain axios

Written by \`npm run bench -- --write\` on ${new Date().toISOString().slice(0, 10)}.

**Machine:** ${machine}.

The sandbox API runs in the benchmark's own process on 127.0.0.1; each row's client runs in a fresh
worker process. Times are medians of ${runs} runs per client, the
clients taking turns to go first.

**What is measured,** for N order IDs that exist in the sandbox:
- *requests by the node*: the status requests the TZSMM Pay node sent in n8n-core's
  \`WorkflowExecute\`, read from the sandbox's log, against the limit ⌈N/100⌉ (100 IDs per request);
- *node in n8n-core*: wall time of the whole workflow run (manual trigger with N pinned items, or
  one item with a list of N IDs, then the TZSMM Pay node), in the engine as n8n runs it;
- *plain axios*: a loop that sends the same requests, one at a time, and builds one record per
  order, without n8n, over one kept-alive connection; *ratio* is node / plain axios;
- *plain axios, new connection per request*: the same loop connecting anew for every request, as
  n8n's HTTP helper does (it builds new agents for every request); *ratio to it* is node / that;
- *per-item approach*: one plain request per order, what n8n's HTTP Request node sends for one item
  per order: its request count and time;
- *peak RSS*: the worker's highest resident memory after its first run of the node (in brackets,
  after loading n8n-core and a warm-up run with one order).

${table}

${summary}
`;
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
