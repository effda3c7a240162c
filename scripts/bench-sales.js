// `npm run bench:sales`: a chaos run of the shop workflows in a real n8n 2.41.1 (real-n8n/): at least
// 600 sales (over 1,000 licences) from WooCommerce, Stripe and another shop, each delivered 1 to 3
// times, some at once, among them cash-on-delivery orders not paid yet, orders from before the
// cut-off, test-mode purchases and sales refunded after ordering; the panel answering about 10% of
// orders with a 429 without Retry-After, 10% with a 503 and 5% with a dropped connection after it
// placed the order; one 2-minute outage; a window in which the balance is too low, ended by a
// top-up; and n8n killed (SIGKILL) and restarted once, while WooCommerce's deliveries of the
// downtime are dropped (the catch-up must find them). Then it holds the ledger to its promises
// (real-n8n/sales-chaos.js) and prints the counts and the wall time; a smaller run follows in queue
// mode (a main, two workers, PostgreSQL and Redis), where it reports duplicates. With --write the
// figures go to bench/RESULTS.md. Options: --sales 600, --queue-sales 150, --seed 7.
//
// The ledger's retry schedule runs every 15 seconds (shipped: every minute) and the WooCommerce and
// Stripe catch-ups every 30 (shipped: 10 minutes), so that the run takes minutes, not hours.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { createSandbox } = require('../sandbox/server');
const { ensureToolchain } = require('../real-n8n/toolchain');
const { RUN_DIR_VARIABLE, writeRunState } = require('../real-n8n/run-state');
const { argument, writeResultsSection } = require('./bench-support');

const LEDGER_TIMINGS = {
	everySeconds: 15,
	firstRetrySeconds: 10,
	lastRetrySeconds: 60,
	staleSeconds: 90,
	tellAfterMinutes: 15,
};
const CATCH_UP_SECONDS = 30;
const OUTAGE_MS = 120_000;
const LOW_BALANCE_MS = 60_000;
const DOWNTIME_MS = 20_000;
const SHOP_HEADER = {
	name: 'X-Shop-Token',
	value: `bench-${crypto.randomBytes(8).toString('hex')}`,
};
const WOO = { consumerKey: 'ck_bench', consumerSecret: 'cs_bench' };

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line) => console.log(`bench:sales: ${line}`);

/**
 * One run against one n8n set-up (regular, or queue mode with `queue`): its own sandbox, shops,
 * SMTP server and n8n database; returns what checkEnd found, the wall time and what happened.
 */
async function chaosRun({ sales: count, seed, queue, runDir }) {
	const { startN8nServer, startN8nWorker, n8nCliOrFail, writeRunFile } = require('../real-n8n/n8n');
	const { settled, signIn, waitFor, findDataTable, tableRows } = require('../real-n8n/rest');
	const shops = require('../real-n8n/shop-workflows');
	const chaos = require('../real-n8n/sales-chaos');
	const { startSmtpServer } = require('../stand-ins/smtp');
	const { startStripe } = require('../stand-ins/stripe');
	const { startWooCommerce } = require('../stand-ins/woocommerce');
	const { startPostgres, startRedis } = require('../real-n8n/services');

	const label = queue ? 'queue mode' : 'regular mode';
	const apiKey = `bench-key-${crypto.randomBytes(8).toString('hex')}`;
	const stripeKey = `sk_live_bench_${crypto.randomBytes(8).toString('hex')}`;
	const sandbox = createSandbox({ apiKey });
	const { baseUrl: sandboxUrl } = await sandbox.listen();
	const smtp = await startSmtpServer();
	const woo = await startWooCommerce(WOO);
	const stripe = await startStripe({
		secretKey: stripeKey,
		caFile: path.join(runDir, `stripe-ca-${queue ? 'queue' : 'regular'}.pem`),
	});
	const services = queue ? { postgres: await startPostgres(), redis: await startRedis() } : {};
	const userFolder = path.join(runDir, queue ? 'queue-user' : 'user');
	fs.mkdirSync(userFolder, { recursive: true });
	const env = {
		N8N_USER_FOLDER: userFolder,
		// The e2e runs log at debug level; at the benchmark's pace that alone costs n8n much of its time.
		N8N_LOG_LEVEL: 'info',
		...stripe.n8nEnv(),
		...(queue && {
			EXECUTIONS_MODE: 'queue',
			QUEUE_WORKER_LOCK_DURATION: '10000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
			QUEUE_WORKER_STALLED_INTERVAL: '5000',
			...services.postgres.env,
			...services.redis.env,
		}),
	};
	const processes = [];
	try {
		const { ensureInstalled } = require('../real-n8n/package');
		await ensureInstalled(userFolder);
		const credentials = writeRunFile(
			`${label}/credentials.json`,
			shops.shopCredentials({
				apiKey,
				sandboxUrl,
				smtpPort: smtp.port,
				shopHeader: SHOP_HEADER,
				woo: { baseUrl: woo.baseUrl, ...WOO },
				stripeKey,
			}),
		);
		await n8nCliOrFail(
			`${label}-credentials`,
			['import:credentials', `--input=${credentials}`],
			env,
		);
		const workflows = shops.shopWorkflows({
			ledgerTimings: LEDGER_TIMINGS,
			catchUpRule: { interval: [{ field: 'seconds', secondsInterval: CATCH_UP_SECONDS }] },
		});
		for (const workflow of Object.values(workflows)) {
			writeRunFile(`${label}/workflows/${workflow.id}.json`, workflow);
		}
		await n8nCliOrFail(
			`${label}-workflows`,
			['import:workflow', '--separate', `--input=${path.join(runDir, label, 'workflows')}`],
			env,
		);

		let n8n = await startN8nServer(env, `n8n-${queue ? 'queue-main' : 'regular'}`);
		processes.push(n8n);
		if (queue) {
			for (const name of ['worker-1', 'worker-2']) {
				processes.push(await startN8nWorker(`n8n-queue-${name}`, env, 10));
			}
		}
		let rest = await signIn(n8n.baseUrl);
		const published = [
			'shop-failure-alert',
			'sales-ledger',
			'shop-sale-woocommerce',
			'shop-sale-stripe',
			'shop-sale-any-shop',
		].map((id) => ({ id }));
		await shops.publishShops(rest, n8n.baseUrl, { woo, stripe }, published);
		const [{ ordersFrom }] = await tableRows(rest, await findDataTable(rest, 'tzsmmpay_shops'));

		const sales = chaos.planSales({ count, seed, runId: queue ? 'q' : 'r' });
		const deliverers = chaos.prepareSales(sales, {
			woo,
			stripe,
			anyShopUrl: () => `${n8n.baseUrl}/webhook/tzsmmpay-shop-sale`,
			shopHeader: SHOP_HEADER,
			cutOff: new Date(ordersFrom),
		});
		const units = sales
			.filter(chaos.mustOrder)
			.reduce((sum, sale) => sum + chaos.unitKeys(sale).length, 0);
		log(
			`${label}: ${sales.length} sales, ${units} licences to order, ${sales.reduce((sum, sale) => sum + sale.deliveries, 0)} deliveries`,
		);

		sandbox.injectFaults({ ...chaos.CHAOS_FAULTS, seed });
		const events = [];
		const event = (what) => {
			events.push({ at: Date.now(), what });
			log(`${label}: ${what}`);
		};
		const pending = [];
		const started = Date.now();
		let killedDuring = 0;
		const onProgress = (done) => {
			const share = done / sales.length;
			if (!queue && share >= 0.2 && !events.some((entry) => entry.what.startsWith('outage'))) {
				event('outage: the panel refuses every connection for 2 minutes');
				pending.push(
					sandbox.goDown().then(async () => {
						await sleep(OUTAGE_MS);
						await sandbox.comeBack();
						event('outage over');
					}),
				);
			}
			if (!queue && share >= 0.45 && !events.some((entry) => entry.what.startsWith('balance'))) {
				event('balance too low for a minute');
				const balance = sandbox.state.balance;
				sandbox.state.balance = 0;
				pending.push(
					sleep(LOW_BALANCE_MS).then(() => {
						sandbox.state.balance = Math.max(balance, 100000);
						event('balance topped up');
					}),
				);
			}
			if (!queue && share >= 0.65 && !events.some((entry) => entry.what.startsWith('n8n killed'))) {
				event('n8n killed (SIGKILL)');
				killedDuring = done;
				pending.push(
					(async () => {
						const { port } = n8n;
						await n8n.kill();
						await sleep(DOWNTIME_MS);
						n8n = await startN8nServer({ ...env, N8N_PORT: String(port) }, 'n8n-regular-restarted');
						processes.push(n8n);
						rest = await signIn(n8n.baseUrl);
						event('n8n restarted');
					})(),
				);
			}
		};
		sandbox.state.balance = 100000;
		let failed = await chaos.deliverSales(sales, deliverers, { inFlight: 6, onProgress });
		await Promise.all(pending);
		// Stripe and another shop deliver again what n8n did not take (Stripe for three days).
		for (let round = 0; failed.length > 0 && round < 10; round++) {
			await sleep(5000);
			const again = [];
			for (const index of failed) {
				const answer = await deliverers[index]();
				if (answer.status === 0 || answer.status >= 500) again.push(index);
			}
			failed = again;
		}
		const droppedWoo = woo.failedDeliveries.length;
		log(
			`${label}: deliveries done in ${Math.round((Date.now() - started) / 1000)} s; WooCommerce dropped ${droppedWoo}`,
		);
		// No licence is open any more, and every licence that must be ordered has a row; a licence
		// still without one after three catch-ups is lost, and checkEnd reports it.
		const mustHave = new Set(sales.filter(chaos.mustOrder).flatMap(chaos.unitKeys));
		const ledgerNow = async () => {
			const rows = await shops.ledgerRows(rest);
			const keys = new Set(rows.map((row) => row.key));
			return {
				open: rows.filter(chaos.isOpen).length,
				missing: [...mustHave].filter((key) => !keys.has(key)).length,
			};
		};
		await waitFor(
			'the ledger to come to rest',
			async () => ((await ledgerNow()).open === 0 ? true : undefined),
			30 * 60_000,
		);
		await waitFor(
			'a row for every licence',
			async () => ((await ledgerNow()).missing === 0 ? true : undefined),
			3 * CATCH_UP_SECONDS * 1000,
		).catch(() => log(`${label}: licences without a row after three catch-ups`));
		sandbox.stopFaults();
		await chaos.refundSales(sales, { woo });
		for (const id of ['shop-sale-woocommerce', 'sales-ledger']) await settled(rest, { id });
		await sleep(3000);
		const wallSeconds = Math.round((Date.now() - started) / 1000);
		const result = chaos.checkEnd(sales, {
			rows: await shops.ledgerRows(rest),
			orders: sandbox.state.orders,
			adds: sandbox.requestsFor('add'),
			alerts: smtp.to(shops.RESELLER),
		});
		const faults = {};
		for (const request of sandbox.requestsFor('add')) {
			if (request.fault) faults[request.fault] = (faults[request.fault] ?? 0) + 1;
		}
		return {
			label,
			wallSeconds,
			...result,
			faults,
			droppedWoo,
			killedAfterDeliveries: killedDuring,
			deliveries: sales.reduce((sum, sale) => sum + sale.deliveries, 0),
			kinds: sales.reduce(
				(byKind, sale) => ({ ...byKind, [sale.kind]: (byKind[sale.kind] ?? 0) + 1 }),
				{},
			),
			events: events.map((entry) => ({ ...entry, at: Math.round((entry.at - started) / 1000) })),
		};
	} finally {
		for (const started of processes.reverse()) await started.stop().catch(() => undefined);
		await stripe.close();
		await woo.close();
		await smtp.close();
		await sandbox.close();
		await services.redis?.stop();
		await services.postgres?.stop();
	}
}

function render(runs) {
	const row = (run) => {
		const { counts } = run;
		return `| ${run.label} | ${counts.sales} | ${run.deliveries} | ${counts.paidUnits} | ${counts.ordered} | ${counts.held} | ${counts.neither} | ${counts.duplicates} | ${counts.forbidden} | ${counts.duplicateRows} | ${counts.addRequests} | ${Object.entries(
			run.faults,
		)
			.map(([kind, n]) => `${kind} ${n}`)
			.join(', ')} | ${run.violations.length} | ${run.wallSeconds} |`;
	};
	const [regular] = runs;
	return `## Sales through the ledger, with chaos, in a real n8n 2.41.1

Written by \`npm run bench:sales -- --write\` on ${new Date().toISOString().slice(0, 10)}: sales from WooCommerce (its
Trigger, and the catch-up with n8n's WooCommerce node), Stripe (n8n's Stripe Trigger) and another shop, each
delivered 1 to 3 times, some at once (sales by kind: ${Object.entries(regular.kinds)
		.map(([kind, n]) => `${kind} ${n}`)
		.join(', ')}).
At the panel, every \`add\` meets a fault with a chance of 25%: a 429 without Retry-After, a 503 (10% each) or
a connection dropped after the order was placed (5%). In regular mode also: ${regular.events.map((entry) => `${entry.what} at ${entry.at} s`).join('; ')};
WooCommerce dropped the ${regular.droppedWoo} deliveries that failed while n8n was down. The ledger's retries run every
${LEDGER_TIMINGS.everySeconds} s and the catch-ups every ${CATCH_UP_SECONDS} s (shipped: every minute, every 10 minutes).

| run | sales | deliveries | licences to order | ordered once | held and told | neither | duplicate orders | orders for unpaid, test or pre-cut-off sales | duplicate ledger rows | add requests | faults served | violations | wall time (s) |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${runs.map(row).join('\n')}

- Every licence that had to be ordered was ordered exactly once, or is held (the panel dropped the connection after placing
  it) with exactly one e-mail telling the reseller it is held and no second \`add\`: ${runs.every((run) => run.counts.neither === 0 && run.violations.length === 0) ? 'met' : 'NOT MET'}.
- Duplicate orders: ${runs.map((run) => `${run.counts.duplicates} in ${run.label}`).join(', ')}. Orders for sales that must not be ordered: ${runs.map((run) => `${run.counts.forbidden} in ${run.label}`).join(', ')}.
- The ledger agrees with the panel: every ordered row's order is the panel's order for that buyer, and every order the panel
  placed is a row's or a held licence's${
		runs.some((run) => run.violations.length)
			? `; violations: ${runs
					.flatMap((run) => run.violations)
					.slice(0, 10)
					.join('; ')}`
			: ''
	}.`;
}

async function main() {
	ensureToolchain();
	const count = Number(argument('--sales', '600'));
	const queueCount = Number(argument('--queue-sales', '150'));
	const seed = Number(argument('--seed', '7'));
	const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tzsmmpay-bench-sales-'));
	writeRunState(runDir, {
		userFolder: path.join(runDir, 'user'),
		sandboxPort: 0,
		apiKey: '',
		wrongApiKey: '',
		screenshotDir: runDir,
	});
	process.env[RUN_DIR_VARIABLE] = runDir;
	const { stopAll } = require('../real-n8n/processes');
	const runs = [];
	let failedRun = false;
	try {
		runs.push(await chaosRun({ sales: count, seed, queue: false, runDir }));
		if (queueCount > 0)
			runs.push(await chaosRun({ sales: queueCount, seed: seed + 1, queue: true, runDir }));
		for (const run of runs) {
			log(`${run.label}: ${JSON.stringify(run.counts)}, wall time ${run.wallSeconds} s`);
			for (const violation of run.violations) log(`${run.label}: VIOLATION ${violation}`);
			failedRun ||= run.violations.length > 0;
		}
		const report = render(runs);
		console.log(`\n${report}`);
		if (process.argv.includes('--write')) {
			const file = writeResultsSection('sales', report);
			console.log(`\nWritten to ${path.relative(process.cwd(), file)}`);
		}
	} finally {
		await stopAll(runDir);
		if (!failedRun) fs.rmSync(runDir, { recursive: true, force: true });
		else log(`logs of the run are in ${path.join(runDir, 'logs')}`);
	}
	if (failedRun) process.exitCode = 1;
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
