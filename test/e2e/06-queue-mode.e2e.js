/**
 * n8n in queue mode, as resellers who outgrow one process run it: Debian's PostgreSQL and Redis
 * started by the run, one `n8n start` (main) and two `n8n worker` processes, the package installed
 * once in the user folder they share. Which process ran an execution is read from the workers'
 * own logs ("Worker started execution <id>"), so that a claim such as "ran on a worker" is checked
 * against what n8n did. Each figure is also printed as a line starting "queue mode:", for CI's log
 * and docs/queue-mode.md.
 *
 * The examples run from their Manual Trigger (manual runs go to the workers too); the trigger
 * examples poll on the main; the sales ledger, behind the any-shop workflow, takes 20 deliveries
 * at once, 20 sales twice at once, and one worker is SIGKILLed while its order is in flight. The
 * tests of this file build on each other, in order.
 */
'use strict';

const path = require('node:path');
const axios = require('axios');

const { createSandbox } = require('../../sandbox/server');
const { BULK_ORDERS, EXAMPLE_OUTPUTS } = require('../example-outputs');
const { modulesDir } = require('../../real-n8n/toolchain');
const {
	startN8nServer,
	startN8nWorker,
	writeRunFile,
	n8nCliOrFail,
} = require('../../real-n8n/n8n');
const {
	activate,
	executionsOf,
	ok,
	settled,
	signIn,
	waitFor,
	waitUntilRegistered,
} = require('../../real-n8n/rest');
const {
	ledgerRows,
	RESELLER,
	setUpShops,
	SHOP_CREDENTIALS,
	shopWorkflows,
} = require('../../real-n8n/shop-workflows');
const { readRunState } = require('../../real-n8n/run-state');
const { startPostgres, startRedis } = require('../../real-n8n/services');
const { startSmtpServer } = require('../../stand-ins/smtp');
const { examples, importExamplesInto, SHOP_HEADER } = require('./support/workflows');

// n8n sends execution data as `flatted` JSON; its own copy reads it.
const flatted = require(path.join(modulesDir, 'flatted'));

const { apiKey, sandboxPort } = readRunState();
const sandbox = createSandbox({ apiKey, port: sandboxPort });
const SMTP_CREDENTIAL = SHOP_CREDENTIALS.smtp;
/**
 * The sales ledger behind the any-shop workflow, with the alert; the ledger's retries every 3
 * seconds and a row stale after 20, so that a killed worker's licence is taken up within the run.
 */
const SHOPS = shopWorkflows({
	ledgerTimings: { everySeconds: 3, firstRetrySeconds: 2, lastRetrySeconds: 4, staleSeconds: 20 },
});
const LEDGER = SHOPS['sales-ledger'];
const ANY_SHOP = SHOPS['shop-sale-any-shop'];
const QUEUE_SHOPS = [SHOPS['shop-failure-alert'], LEDGER, ANY_SHOP];
const WORKERS = 2;

let postgres;
let redis;
let smtp;
let main;
/** @type {Array<Awaited<ReturnType<typeof startN8nWorker>>>} the workers running now */
let workers = [];
/** Every worker the run started, the killed ones included: their logs are checked for the key. */
const everyWorker = [];
let rest;
/** The environment of every queue-mode n8n process (set in beforeAll). */
let queueEnv;

/** Prints one figure of the run, so that CI's log shows it. */
function report(line) {
	process.stdout.write(`queue mode: ${line}\n`);
}

beforeAll(async () => {
	postgres = await startPostgres();
	redis = await startRedis();
	queueEnv = {
		EXECUTIONS_MODE: 'queue',
		// Manual runs go to the workers too (n8n 3 will always do so).
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		// A killed worker's execution is found stalled within seconds, not minutes.
		QUEUE_WORKER_LOCK_DURATION: '10000',
		QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
		QUEUE_WORKER_STALLED_INTERVAL: '5000',
		...postgres.env,
		...redis.env,
	};
	await sandbox.listen();
	smtp = await startSmtpServer();

	await importExamplesInto(queueEnv);
	const credentials = writeRunFile('import/queue/credentials.json', [
		{
			...SMTP_CREDENTIAL,
			type: 'smtp',
			data: { host: '127.0.0.1', port: smtp.port, secure: false, disableStartTls: true },
		},
		{ ...SHOP_CREDENTIALS.headerAuth, type: 'httpHeaderAuth', data: SHOP_HEADER },
	]);
	await n8nCliOrFail(
		'import-credentials-queue-extra',
		['import:credentials', `--input=${credentials}`],
		queueEnv,
	);
	for (const workflow of QUEUE_SHOPS) {
		const saved = writeRunFile(`import/queue/${workflow.id}.json`, workflow);
		await n8nCliOrFail(`import-${workflow.id}`, ['import:workflow', `--input=${saved}`], queueEnv);
	}

	main = await startN8nServer(queueEnv, 'n8n-queue-main');
	for (let index = 1; index <= WORKERS; index++) {
		workers.push(await startN8nWorker(`n8n-queue-worker-${index}`, queueEnv));
	}
	everyWorker.push(...workers);
	rest = await signIn(main.baseUrl);
	await setUpShops(rest, { wooCommerce: false });
}, 420000);

afterAll(async () => {
	for (const worker of workers) await worker.stop();
	await main?.stop();
	await redis?.stop();
	await postgres?.stop();
	await smtp?.close();
	await sandbox.close();
});

/** Which process logged "Worker started execution <id>" for each execution: worker name → IDs. */
function executionsByWorker() {
	const byWorker = {};
	for (const worker of workers) {
		byWorker[worker.name] = [...worker.output().matchAll(/Worker started execution (\d+) /g)].map(
			(match) => match[1],
		);
	}
	return byWorker;
}

/** The name of the worker that ran the execution; fails unless exactly one did. */
function workerOf(executionId) {
	const names = Object.entries(executionsByWorker())
		.filter(([, ids]) => ids.includes(String(executionId)))
		.map(([name]) => name);
	expect(names).toHaveLength(1);
	return names[0];
}

/** A finished execution, waited for, with its run data parsed. */
async function finishedExecution(executionId) {
	return await waitFor(
		`execution ${executionId} to finish`,
		async () => {
			const execution = ok(await rest.get(`/rest/executions/${executionId}`)).data;
			if (!execution.finished && ['new', 'running', 'waiting'].includes(execution.status)) {
				return undefined;
			}
			const { runData, error } = flatted.parse(execution.data).resultData;
			return { ...execution, runData, error };
		},
		120000,
	);
}

const itemsOf = (execution, nodeName) =>
	execution.runData[nodeName][0].data.main[0].map((item) => item.json);

describe('the examples run on the workers with the results of regular mode', () => {
	/** Runs an imported example from its Manual Trigger, as the editor's "Execute workflow" does. */
	async function runExample(file) {
		const example = examples().find((entry) => entry.file === file);
		const trigger = example.workflow.nodes.find(
			(node) => node.type === 'n8n-nodes-base.manualTrigger',
		);
		const started = ok(
			await rest.post(`/rest/workflows/${example.id}/run`, {
				triggerToStartFrom: { name: trigger.name },
			}),
		).data;
		const execution = await finishedExecution(started.executionId);
		expect(execution.status).toBe('success');
		return { execution, worker: workerOf(started.executionId) };
	}

	const ran = [];

	test('check-balance', async () => {
		sandbox.reset();
		const { execution, worker } = await runExample('check-balance.json');
		ran.push(worker);

		expect(itemsOf(execution, 'Get Balance')).toEqual(EXAMPLE_OUTPUTS.checkBalance['Get Balance']);
	});

	test('list-services', async () => {
		sandbox.reset();
		const { execution, worker } = await runExample('list-services.json');
		ran.push(worker);

		expect(itemsOf(execution, 'List Services').map((service) => service.service)).toEqual([
			2, 3, 7, 11,
		]);
	});

	test('place-order-and-check-status', async () => {
		sandbox.reset();
		const { execution, worker } = await runExample('place-order-and-check-status.json');
		ran.push(worker);

		const expected = EXAMPLE_OUTPUTS.placeOrderAndCheckStatus;
		expect(itemsOf(execution, 'Place Order')).toEqual(expected['Place Order']);
		expect(itemsOf(execution, 'Get Order Status')).toEqual(expected['Get Order Status']);
		expect(sandbox.requestsFor('add')).toHaveLength(1);
	});

	test('bulk-order-status', async () => {
		sandbox.reset();
		for (const order of BULK_ORDERS) sandbox.addOrder(order.serviceId, order.email, order.status);
		const { execution, worker } = await runExample('bulk-order-status.json');
		ran.push(worker);

		expect(itemsOf(execution, 'Get Many Statuses')).toEqual(
			EXAMPLE_OUTPUTS.bulkOrderStatus['Get Many Statuses'],
		);
		expect(sandbox.requestsFor('status')).toHaveLength(1);
	});

	test('no execution ran on the main process', () => {
		report(`the examples ran on ${ran.join(', ')}`);
		expect(main.output()).not.toMatch(/Worker started execution/);
		expect(main.output()).toMatch(/Enqueued execution \d+/);
		expect(ran).toHaveLength(4);
	});
});

describe('the trigger examples, activated on the main, fire once per change', () => {
	const triggerFiles = ['order-status-changed.json', 'balance-below.json', 'service-changed.json'];

	test('each change yields exactly one execution, run on a worker, across later polls', async () => {
		sandbox.reset();
		sandbox.addOrder(3, 'first@example.com', 'Completed');
		sandbox.addOrder(2, 'second@example.com', 'In progress');
		const triggers = triggerFiles.map((file) => examples().find((entry) => entry.file === file));
		for (const { id } of triggers) {
			const { versionId } = ok(await rest.get(`/rest/workflows/${id}`)).data;
			ok(await rest.post(`/rest/workflows/${id}/activate`, { versionId }));
		}
		const actions = ['status', 'balance', 'services'];
		await waitFor(
			'the baseline polls',
			async () => (actions.every((a) => sandbox.requestsFor(a).length > 0) ? true : undefined),
			30000,
		);

		sandbox.state.orders.get(23502).status = 'Completed';
		sandbox.state.balance = 5;
		sandbox.state.services.find((service) => service.service === 3).rate = 1.5;
		const pollsAtChange = sandbox.requestsFor('balance').length;
		// Every trigger has fired, and two more polls of each followed (n8n polls every minute).
		for (const { id } of triggers) {
			await waitFor(`an execution of ${id}`, async () => (await executionsOf(rest, id))[0], 150000);
		}
		await waitFor(
			'two polls after the change',
			async () => (sandbox.requestsFor('balance').length >= pollsAtChange + 2 ? true : undefined),
			150000,
		);
		const executions = [];
		for (const { id } of triggers) {
			executions.push(await executionsOf(rest, id));
			ok(await rest.post(`/rest/workflows/${id}/deactivate`, {}));
		}

		const perWorkflow = executions.map((list) => list.length);
		report(
			`trigger executions per change: ${triggers.map(({ id }, i) => `${id} ${perWorkflow[i]}`).join(', ')}`,
		);
		expect(perWorkflow).toEqual([1, 1, 1]);
		for (const [execution] of executions) {
			expect((await finishedExecution(execution.id)).status).toBe('success');
			workerOf(execution.id);
		}
		// Scheduled polls come from one process only: one balance request per minute, not one per
		// process. (The first request is the activation's baseline, which may be close to the first
		// scheduled poll.)
		const balancePolls = sandbox
			.requestsFor('balance')
			.map((request) => request.at)
			.slice(1);
		expect(balancePolls.length).toBeGreaterThanOrEqual(2);
		const gaps = balancePolls.slice(1).map((at, index) => at - balancePolls[index]);
		expect(Math.min(...gaps)).toBeGreaterThan(30000);
	}, 360000);
});

const webhookUrl = () => `${main.baseUrl}/webhook/tzsmmpay-shop-sale`;

async function deliverSale(sale) {
	try {
		const response = await axios.post(webhookUrl(), sale, {
			headers: { [SHOP_HEADER.name]: SHOP_HEADER.value },
			validateStatus: () => true,
			timeout: 120000,
		});
		return { status: response.status, body: response.data };
	} catch (error) {
		return { status: 0, error: error.code };
	}
}

const addsFor = (email) => sandbox.requestsFor('add').filter((r) => r.query.link === email);
const placedFor = (email) =>
	[...sandbox.state.orders.values()].filter((order) => order.link === email).length;

/** The ledger's rows of one sale of the any-shop workflow. */
async function rowsOf(saleId) {
	return (await ledgerRows(rest)).filter((row) => row.shop === 'Shop' && row.sale === saleId);
}

/** How many executions each worker started since `before` (executionsByWorker). */
function startedSince(before) {
	const after = executionsByWorker();
	return Object.keys(after).map((name) => after[name].length - (before[name]?.length ?? 0));
}

describe('the sales ledger, deliveries over both workers', () => {
	beforeAll(async () => {
		sandbox.reset();
		// Enough for every licence of this block (the sandbox starts with 25).
		sandbox.state.balance = 1000;
		for (const workflow of QUEUE_SHOPS) await activate(rest, workflow);
		await waitUntilRegistered(webhookUrl(), 30000);
	});

	test('20 concurrent deliveries of one sale of two licences: two orders, two e-mails', async () => {
		const sale = {
			saleId: '3001',
			product: 'silver',
			email: 'concurrent@example.com',
			quantity: 2,
		};
		const before = executionsByWorker();

		const answers = await Promise.all(Array.from({ length: 20 }, () => deliverSale(sale)));
		await settled(rest, ANY_SHOP);
		await settled(rest, LEDGER);
		const perWorker = startedSince(before);
		const rows = await rowsOf('3001');
		report(
			`sales ledger, 20 concurrent deliveries of one sale of 2 licences: executions per worker ${perWorker.join(' + ')}, orders placed ${placedFor(sale.email)}, ledger rows ${rows.length}`,
		);

		expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
		expect(perWorker.every((count) => count > 0)).toBe(true);
		expect(placedFor(sale.email)).toBe(2);
		expect(rows.map((row) => row.state)).toEqual(rows.map(() => 'ordered'));
		expect(new Set(rows.map((row) => row.key))).toEqual(new Set(['shop:3001:1', 'shop:3001:2']));
		expect(smtp.to(sale.email)).toHaveLength(2);
	});

	test('20 different sales at once, each delivered again at once: none ordered twice', async () => {
		const sales = Array.from({ length: 20 }, (_, index) => ({
			saleId: `31${String(index).padStart(2, '0')}`,
			product: 'gold',
			email: `buyer31-${index}@example.com`,
		}));

		await Promise.all([...sales, ...sales].map(deliverSale));
		await settled(rest, ANY_SHOP);
		const salesRows = async () =>
			(await ledgerRows(rest)).filter((row) => row.sale.startsWith('31'));
		const atFirst = await salesRows();
		// A licence that met a transient failure waits for the ledger's next retry run.
		const rows = await waitFor(
			'every licence to be ordered',
			async () => {
				const found = await salesRows();
				return found.filter((row) => row.state === 'ordered').length >= 20 ? found : undefined;
			},
			60000,
		);
		await settled(rest, LEDGER);
		const orderedTwice = sales.filter((sale) => placedFor(sale.email) > 1).length;
		const waitedFor = atFirst.filter((row) => row.state !== 'ordered');
		report(
			`sales ledger, 20 different sales at once, each delivered twice at once: ${orderedTwice} of 20 ordered twice, ${rows.length} ledger rows for 20 licences, ${waitedFor.length} ordered by a retry (${waitedFor.map((row) => `${row.state}: ${row.lastError}`).join('; ') || 'none'})`,
		);

		expect(orderedTwice).toBe(0);
		expect(sales.map((sale) => placedFor(sale.email))).toEqual(Array(20).fill(1));
		expect(
			rows
				.filter((row) => row.state === 'ordered')
				.map((row) => row.key)
				.sort(),
		).toEqual([...new Set(sales.map((sale) => `shop:${sale.saleId}:1`))].sort());
	});

	test('a worker killed while its order is in flight: the retries find the stale row; the order the panel placed is held and told, never placed again', async () => {
		const sale = { saleId: '3300', product: 'silver', email: 'killed@example.com' };
		const told = smtp.to(RESELLER).length;
		sandbox.state.slowReplyMs = 100000;
		sandbox.queueFaultFor('add', 'slowReply');

		const delivery = deliverSale(sale);
		await waitFor(
			'the add request',
			async () => (addsFor(sale.email).length ? true : undefined),
			60000,
		);
		// The worker running the delivery (not one that ran a retry tick meanwhile: CI killed one).
		const deliveryExecution = await waitFor(
			'the delivery’s execution',
			async () => {
				const { results } = ok(
					await rest.get(
						`/rest/executions?limit=20&filter=${encodeURIComponent(JSON.stringify({ workflowId: ANY_SHOP.id }))}`,
					),
				).data;
				return results.find((execution) => execution.status === 'running')?.id;
			},
			20000,
		);
		const victim = workers.find((worker) => worker.name === workerOf(deliveryExecution));
		process.kill(-victim.pid, 'SIGKILL');
		await victim.exited;
		const answered = await delivery;
		// A new worker takes the dead one's place, as a process supervisor would start it again.
		workers = workers.filter((worker) => worker !== victim);
		const replacement = await startN8nWorker(`${victim.name}-restarted`, queueEnv);
		workers.push(replacement);
		everyWorker.push(replacement);
		const held = await waitFor(
			'the licence to be held',
			async () => {
				const [row] = await rowsOf('3300');
				return row?.state === 'held' ? row : undefined;
			},
			120000,
		);
		const alerts = await waitFor(
			'the e-mail naming it',
			async () => {
				const found = smtp
					.to(RESELLER)
					.slice(told)
					.filter((mail) => mail.text.includes('shop:3300:1 ('));
				return found.length ? found : undefined;
			},
			60000,
		);
		await deliverSale(sale);
		await settled(rest, LEDGER);
		report(
			`sales ledger: ${victim.name} SIGKILLed while its add was in flight; the delivery was answered ${answered.status} ${JSON.stringify(answered.body ?? answered.error)}; the licence was held after ${Math.round((Date.parse(held.updatedAt) - Date.parse(held.createdAt)) / 1000)} s and named in ${alerts.length} e-mail; adds sent ${addsFor(sale.email).length}, orders placed ${placedFor(sale.email)}`,
		);

		expect(answered.status).not.toBe(200);
		expect(held.lastError).toContain('No execution reported an order placed under this key');
		expect(alerts).toHaveLength(1);
		expect(addsFor(sale.email)).toHaveLength(1);
		expect(placedFor(sale.email)).toBe(1);
	}, 300000);
});

test('the API key appears in nothing the main or any worker logged (debug level)', () => {
	expect(main.output()).toContain('Editor is now accessible');
	expect(everyWorker.length).toBeGreaterThanOrEqual(WORKERS + 1);
	for (const n8nProcess of [main, ...everyWorker]) {
		expect(n8nProcess.output().length).toBeGreaterThan(0);
		expect(n8nProcess.output()).not.toContain(apiKey);
	}
});
