// `npm run bench:rate-limit`: the node against a panel that allows R requests a minute. For N
// order statuses (one item with the list, Get Many Statuses: ceil(N / 100) requests), it prints the
// time taken against the floor the limit sets, ceil(N / 100) / R minutes, and the number of 429s
// the panel answered, three ways: with the credential's Requests per Minute set to R, and without
// it against a panel that answers 429 without Retry-After or with one. Goals: with the limit set,
// 0 refused and within 1.1x the floor; without it, the run completes within 2x the floor.
// Options: --per-minute R (default 10), --orders N (default 2500); --write records the table in
// bench/RESULTS.md. Runs in n8n's engine (n8n-core), a fresh sandbox on 127.0.0.1 per way.
// A run takes minutes: it waits out real minutes, as a user's workflow would.
'use strict';

const os = require('node:os');
const { runWorkflow } = require('../engine');
const { createSandbox, MAX_STATUS_IDS } = require('../sandbox/server');
const { argument, tzsmmPayWorkflow, writeResultsSection } = require('./bench-support');

const PACED_GOAL = 1.1;
const UNPACED_GOAL = 2;

const WAYS = [
	{
		key: 'paced',
		label: 'Requests per Minute set to R',
		retryAfter: false,
		paced: true,
		goal: PACED_GOAL,
	},
	{
		key: 'no-retry-after',
		label: 'not set; 429 without Retry-After',
		retryAfter: false,
		paced: false,
		goal: UNPACED_GOAL,
	},
	{
		key: 'retry-after',
		label: 'not set; 429 with Retry-After',
		retryAfter: true,
		paced: false,
		goal: UNPACED_GOAL,
	},
];

async function measure(way, perMinute, orderCount) {
	const sandbox = createSandbox();
	// A sandbox of its own per way: a new Base URL is a new pacing lane in this process.
	const { baseUrl } = await sandbox.listen();
	try {
		const orderIds = Array.from({ length: orderCount }, (_, index) =>
			sandbox.addOrder(2, `buyer${index}@example.com`),
		);
		sandbox.limitRate({ perWindow: perMinute, retryAfter: way.retryAfter });
		const workflow = {
			...tzsmmPayWorkflow('getMany', { orderIds: '={{ $json.orders }}' }),
			pinData: { Start: [{ json: { orders: orderIds } }] },
		};
		const credentials = {
			tzsmmPayApi: {
				apiKey: sandbox.apiKey,
				baseUrl,
				requestsPerMinute: way.paced ? perMinute : 0,
			},
		};
		const started = Date.now();
		const result = await runWorkflow(workflow, credentials);
		const tookMs = Date.now() - started;
		const answered = result.error
			? 0
			: result.output('TZSMM Pay').filter((item) => typeof item.json.status === 'string').length;
		return {
			tookMs,
			failed: result.error ? result.error.message : undefined,
			complete: answered === orderCount,
			requests: sandbox.state.requests.length,
			refused: sandbox.rateLimitedRequests().length,
		};
	} finally {
		await sandbox.close();
	}
}

function renderTable(rows, perMinute, orderCount) {
	const requests = Math.ceil(orderCount / MAX_STATUS_IDS);
	const floorMs = (requests / perMinute) * 60_000;
	const lines = [
		`A panel that allows **R = ${perMinute} requests a minute** (the sandbox counts per key in windows of a minute); ${orderCount.toLocaleString('en-US')} order statuses in one item (Get Many Statuses), ${requests} requests of 100 IDs. The floor the limit sets: ceil(N / 100) / R minutes = **${(floorMs / 1000).toFixed(0)} s**.`,
		'',
		'| Way | Time | Against the floor | Requests sent | 429s | Outcome | Goal | Met |',
		'| --- | ---: | ---: | ---: | ---: | --- | --- | --- |',
	];
	for (const { way, result } of rows) {
		const ratio = result.tookMs / floorMs;
		const outcome = result.failed
			? `failed: ${result.failed}`
			: result.complete
				? 'every status'
				: 'statuses missing';
		const met =
			!result.failed &&
			result.complete &&
			ratio <= way.goal &&
			(!way.paced || result.refused === 0);
		const goal = way.paced
			? `0 refused, within ${PACED_GOAL}x`
			: `completes within ${UNPACED_GOAL}x`;
		lines.push(
			`| ${way.label} | ${(result.tookMs / 1000).toFixed(1)} s | ${ratio.toFixed(2)}x | ${result.requests} | ${result.refused} | ${outcome} | ${goal} | ${met ? 'MET' : 'NOT MET'} |`,
		);
	}
	return lines.join('\n');
}

async function main() {
	const perMinute = Number(argument('--per-minute', '10'));
	const orderCount = Number(argument('--orders', '2500'));
	const rows = [];
	for (const way of WAYS) {
		console.log(`bench:rate-limit: ${way.label} ...`);
		rows.push({ way, result: await measure(way, perMinute, orderCount) });
	}
	const table = renderTable(rows, perMinute, orderCount);
	const content = [
		'## Against a panel that limits requests per minute',
		'',
		`Measured by \`npm run bench:rate-limit -- --write\` on ${os.type()} ${os.release()}, Node ${process.version}, in n8n's engine (n8n-core).`,
		'',
		table,
		'',
		'With Requests per Minute set, the first R requests go at once and each later one waits until a minute (and a second of margin) has passed since the request it replaces, so the panel refuses none; the time stays under the floor because the first minute is used at once. Without it, the panel refuses the request after the R-th of each window; the node waits out the window (a minute, or the Retry-After) and goes on, so the run completes, with one 429 per window.',
	].join('\n');
	console.log(`\n${content}\n`);
	if (process.argv.includes('--write')) {
		console.log(`bench:rate-limit: written to ${writeResultsSection('rate-limit', content)}`);
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
