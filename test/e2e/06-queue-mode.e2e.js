/**
 * n8n in queue mode, as resellers who outgrow one process run it: Debian's PostgreSQL and Redis
 * started by the run, one `n8n start` (main) and two `n8n worker` processes, the package installed
 * once in the user folder they share. Which process ran an execution is read from the workers'
 * own logs ("Worker started execution <id>"), so that a claim such as "ran on a worker" is checked
 * against what n8n did. Each figure is also printed as a line starting "queue mode:", for CI's log
 * and docs/queue-mode.md.
 *
 * The examples run from their Manual Trigger (manual runs go to the workers too); the trigger
 * examples poll on the main; the two shop-sale workflows (a, and its queue-mode variant with a
 * Redis claim) take 20 deliveries at once, and one worker is SIGKILLed while its order is in
 * flight. The tests of this file build on each other, in order.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const axios = require('axios');

const { createSandbox } = require('../../sandbox/server');
const { BULK_ORDERS, EXAMPLE_OUTPUTS } = require('../example-outputs');
const { modulesDir, repoRoot } = require('../../real-n8n/toolchain');
const {
	startN8nServer,
	startN8nWorker,
	writeRunFile,
	n8nCliOrFail,
} = require('../../real-n8n/n8n');
const { createOrdersTable, executionsOf, ok, signIn, waitFor } = require('../../real-n8n/rest');
const { readRunState } = require('../../real-n8n/run-state');
const { startPostgres, startRedis } = require('../../real-n8n/services');
const { startSmtpServer } = require('./support/smtp');
const {
	examples,
	importExamplesInto,
	SHOP_HEADER,
	shopHeaderCredential,
} = require('./support/workflows');

// n8n sends execution data as `flatted` JSON; its own copy reads it.
const flatted = require(path.join(modulesDir, 'flatted'));

const { apiKey, sandboxPort } = readRunState();
const sandbox = createSandbox({ apiKey, port: sandboxPort });
const SMTP_CREDENTIAL = { id: 'tzsmmpay-smtp', name: 'Shop SMTP' };
const REDIS_CREDENTIAL = { id: 'tzsmmpay-redis', name: 'Queue Redis' };
/** The shop-sale automation as it is, and its queue-mode variant (a Redis claim before ordering). */
const SALE_WORKFLOWS = {
	plain: { id: 'shop-sale-to-licence', file: 'shop-sale-to-licence.json', path: 'tzsmmpay-sale' },
	queueMode: {
		id: 'shop-sale-queue-mode',
		file: 'shop-sale-to-licence-queue-mode.json',
		path: 'tzsmmpay-sale-queue',
	},
};
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
		// The queue's own Redis also holds the claims of the queue-mode shop-sale workflow.
		{
			...REDIS_CREDENTIAL,
			type: 'redis',
			data: { host: '127.0.0.1', port: Number(redis.env.QUEUE_BULL_REDIS_PORT), database: 0 },
		},
		shopHeaderCredential(),
	]);
	await n8nCliOrFail(
		'import-credentials-queue-extra',
		['import:credentials', `--input=${credentials}`],
		queueEnv,
	);
	for (const { id, file } of Object.values(SALE_WORKFLOWS)) {
		const workflow = JSON.parse(
			fs.readFileSync(path.join(repoRoot, 'examples/automations', file), 'utf8'),
		);
		const saved = writeRunFile(`import/queue/${id}.json`, { ...workflow, id });
		await n8nCliOrFail(`import-${id}`, ['import:workflow', `--input=${saved}`], queueEnv);
	}

	main = await startN8nServer(queueEnv, 'n8n-queue-main');
	for (let index = 1; index <= WORKERS; index++) {
		workers.push(await startN8nWorker(`n8n-queue-worker-${index}`, queueEnv));
	}
	everyWorker.push(...workers);
	rest = await signIn(main.baseUrl);
	await createOrdersTable(rest);
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

/** The webhook path of the sale workflow activated last: the one the shop delivers to. */
let salePath = SALE_WORKFLOWS.plain.path;
const webhookUrl = () => `${main.baseUrl}/webhook/${salePath}`;

async function deliverSale(sale) {
	const response = await axios.post(webhookUrl(), sale, {
		headers: { [SHOP_HEADER.name]: SHOP_HEADER.value },
		validateStatus: () => true,
		timeout: 120000,
	});
	return { status: response.status, body: response.data };
}

const addsFor = (email) => sandbox.requestsFor('add').filter((r) => r.query.link === email);

/** Activates one of the sale workflows; the sales delivered from then on go to its webhook. */
async function activateSaleWorkflow({ id, path: webhookPath }) {
	salePath = webhookPath;
	const { versionId } = ok(await rest.get(`/rest/workflows/${id}`)).data;
	ok(await rest.post(`/rest/workflows/${id}/activate`, { versionId }));
	await waitFor(
		'the production webhook',
		async () => {
			const probe = await axios.get(webhookUrl(), { validateStatus: () => true });
			return /is not registered\.$/.test(probe.data?.message ?? '') ? undefined : true;
		},
		30000,
	);
}

/** 20 deliveries of one sale at once; returns the answers, the adds and the workers used. */
async function deliverConcurrently(sale, { holdCatalogue }) {
	const before = executionsByWorker();
	// The catalogue checks of all 20 executions are answered together, so that they reach the
	// key check at the same moment, as deliveries under load do. (Where a Redis claim comes first,
	// only one execution reaches the node: there is nothing to hold.)
	if (holdCatalogue) sandbox.holdRepliesUntil('services', 20, 60000);
	const answers = await Promise.all(Array.from({ length: 20 }, () => deliverSale(sale)));
	const after = executionsByWorker();
	const perWorker = Object.keys(after).map((name) => after[name].length - before[name].length);
	return { answers, adds: addsFor(sale.email).length, perWorker };
}

/** 20 different sales at once, then each delivered again: how many were ordered twice. */
async function deliverEachTwice(prefix, { holdCatalogue }) {
	const sales = Array.from({ length: 20 }, (_, index) => ({
		saleId: `${prefix}${String(index).padStart(2, '0')}`,
		email: `buyer${prefix}-${index}@example.com`,
		service: 2,
	}));
	if (holdCatalogue) sandbox.holdRepliesUntil('services', 20, 60000);
	const first = await Promise.all(sales.map(deliverSale));
	const again = await Promise.all(sales.map(deliverSale));
	const orderedTwice = sales.filter((sale) => addsFor(sale.email).length > 1).length;
	return { sales, first, again, orderedTwice };
}

/**
 * Delivers the sale while TZSMM Pay takes the order but answers only long after, and SIGKILLs
 * the worker that runs it as soon as the order arrives; then delivers the sale again and retries the
 * killed execution. Prints what happened, under `label`.
 */
async function killWorkerDuringOrder(label, workflow, sale) {
	sandbox.state.slowReplyMs = 100000;
	sandbox.queueFaultFor('add', 'slowReply');
	const before = executionsByWorker();
	const firstDelivery = deliverSale(sale);
	await waitFor(
		'the add request',
		async () => (addsFor(sale.email).length > 0 ? true : undefined),
		60000,
	);
	const after = executionsByWorker();
	const victim = workers.find((worker) => after[worker.name].length > before[worker.name].length);
	// The execution the victim started for this delivery, by its ID in the victim's own log.
	const killedId = after[victim.name].find((id) => !before[victim.name].includes(id));
	process.kill(-victim.pid, 'SIGKILL');
	await victim.exited;
	const firstAnswer = await firstDelivery;
	// A new worker takes the dead one's place, as a process supervisor would start it again.
	workers = workers.filter((worker) => worker !== victim);
	const replacement = await startN8nWorker(`${victim.name}-restarted`, queueEnv);
	workers.push(replacement);
	everyWorker.push(replacement);
	const again = await deliverSale(sale);
	// The list's order is not the executions' order (a running one can come first), so both are
	// found by ID: the killed one from the victim's log, the new delivery's as the highest ID.
	const killed = await finishedExecution(killedId);
	const [redelivered] = (await executionsOf(rest, workflow.id)).sort(
		(a, b) => Number(b.id) - Number(a.id),
	);
	expect(Number(redelivered.id)).toBeGreaterThan(Number(killedId));
	// The executions list's Retry.
	const retried = ok(
		await rest.post(`/rest/executions/${killed.id}/retry`, { loadWorkflow: false }),
	).data;
	const retry = await finishedExecution(retried.id);
	report(
		`${label}: ${victim.name} SIGKILLed while its add was in flight; n8n marked the execution ${killed.status}, answered the delivery ${firstAnswer.status}; its Retry ended ${retry.status} running no node; a new delivery and the retry placed ${addsFor(sale.email).length - 1} more order(s)`,
	);
	return { again, redelivered, killed, retry };
}

/** What the Retry of a killed worker's execution does in n8n 2.41: it fails at once, running no node. */
function expectRetryRanNothing(retry) {
	expect(retry.status).toBe('error');
	expect(retry.runData).toEqual({});
	expect(retry.error?.message).toMatch(/^This execution failed to be processed too many times/);
}

describe('a. shop-sale-to-licence.json (the Idempotency Key alone), deliveries over both workers', () => {
	const workflow = SALE_WORKFLOWS.plain;

	beforeAll(async () => {
		sandbox.reset();
		await activateSaleWorkflow(workflow);
		// A first sale, so that the node's key store exists before the concurrent deliveries.
		expect(
			(await deliverSale({ saleId: '2000', email: 'first@example.com', service: 2 })).status,
		).toBe(200);
	});

	afterAll(async () => {
		ok(await rest.post(`/rest/workflows/${workflow.id}/deactivate`, {}));
	});

	test('20 concurrent deliveries of one sale: at most one order per worker', async () => {
		const { answers, adds, perWorker } = await deliverConcurrently(
			{ saleId: '2001', email: 'concurrent-a@example.com', service: 2 },
			{ holdCatalogue: true },
		);
		report(
			`a, 20 concurrent deliveries of one sale: executions per worker ${perWorker.join(' + ')}, orders placed ${adds}`,
		);

		expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
		expect(perWorker.every((count) => count > 0)).toBe(true);
		// The key check is atomic within one worker, not across workers.
		expect(adds).toBeGreaterThanOrEqual(1);
		expect(adds).toBeLessThanOrEqual(WORKERS);
		expect(answers.filter((answer) => answer.body.duplicate === false)).toHaveLength(adds);
	});

	test('20 different sales at once, each delivered again: the keys two workers wrote at once, counted', async () => {
		const { first, again, orderedTwice } = await deliverEachTwice('21', { holdCatalogue: true });
		report(
			`a, 20 different sales at once, each delivered again: ${orderedTwice} of 20 ordered twice`,
		);

		expect(first.map((answer) => answer.body.duplicate)).toEqual(Array(20).fill(false));
		expect(again.filter((answer) => answer.body.duplicate === false)).toHaveLength(orderedTwice);
	});

	test('a worker killed while its order is in flight: a new delivery and a retry order nothing more; the new delivery says the order needs checking', async () => {
		const sale = { saleId: '2200', email: 'killed-a@example.com', service: 2 };
		const { redelivered, killed, retry } = await killWorkerDuringOrder('a', workflow, sale);

		expect(killed.status).toBe('error');
		expect(addsFor(sale.email)).toHaveLength(1);
		// The new delivery is skipped by the key, and says that nobody saw the order placed.
		expect(itemsOf(await finishedExecution(redelivered.id), 'Order Licence')).toEqual([
			expect.objectContaining({
				skipped: true,
				idempotencyKey: '2200',
				outcomeUnknown: true,
				notice: expect.stringContaining('Check your orders in TZSMM Pay for killed-a@example.com'),
			}),
		]);
		// n8n 2.41 has nothing to resume a killed worker's execution from: its retry runs no node.
		expectRetryRanNothing(retry);
	});
});

describe('shop-sale-to-licence-queue-mode.json (a Redis claim first), deliveries over both workers', () => {
	const workflow = SALE_WORKFLOWS.queueMode;

	beforeAll(async () => {
		sandbox.reset();
		await activateSaleWorkflow(workflow);
	});

	test('20 concurrent deliveries of one sale place exactly one order and send one e-mail', async () => {
		const sale = { saleId: '3001', email: 'concurrent-q@example.com', service: 2 };
		const { answers, adds, perWorker } = await deliverConcurrently(sale, { holdCatalogue: false });
		report(
			`queue-mode workflow, 20 concurrent deliveries of one sale: executions per worker ${perWorker.join(' + ')}, orders placed ${adds}`,
		);

		expect(perWorker.every((count) => count > 0)).toBe(true);
		expect(adds).toBe(1);
		expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
		expect(answers.filter((answer) => answer.body.duplicate === false)).toHaveLength(1);
		expect(smtp.to(sale.email)).toHaveLength(1);
	});

	test('20 different sales at once, each delivered again: none is ordered twice', async () => {
		const { sales, first, again, orderedTwice } = await deliverEachTwice('31', {
			holdCatalogue: true,
		});
		report(
			`queue-mode workflow, 20 different sales at once, each delivered again: ${orderedTwice} of 20 ordered twice`,
		);

		expect(first.map((answer) => answer.body.duplicate)).toEqual(Array(20).fill(false));
		expect(again.map((answer) => answer.body.duplicate)).toEqual(Array(20).fill(true));
		expect(sales.map((sale) => addsFor(sale.email).length)).toEqual(Array(20).fill(1));
	});

	test('a refusal for balance releases the claim: the next delivery orders', async () => {
		sandbox.state.balance = 0.1;
		const sale = { saleId: '3200', email: 'topup@example.com', service: 2 };
		const refused = await deliverSale(sale);
		sandbox.state.balance = 25;
		const ordered = await deliverSale(sale);

		expect(refused.status).toBe(503);
		expect(ordered).toMatchObject({ status: 200, body: { sale: '3200', duplicate: false } });
		expect(addsFor(sale.email)).toHaveLength(2);
	});

	test('a worker killed while its order is in flight: a new delivery and a retry order nothing more; the delivery is told to check', async () => {
		const sale = { saleId: '3300', email: 'killed-q@example.com', service: 2 };
		const { again, killed, retry } = await killWorkerDuringOrder(
			'queue-mode workflow',
			workflow,
			sale,
		);

		expect(killed.status).toBe('error');
		expect(addsFor(sale.email)).toHaveLength(1);
		expectRetryRanNothing(retry);
		expect(again.body).toEqual({
			order: null,
			sale: '3300',
			duplicate: true,
			notice: expect.stringContaining('The reseller checks TZSMM Pay'),
		});
	});
});

test('the API key appears in nothing the main or any worker logged (debug level)', () => {
	expect(main.output()).toContain('Editor is now accessible');
	expect(everyWorker.length).toBeGreaterThanOrEqual(WORKERS + 2);
	for (const n8nProcess of [main, ...everyWorker]) {
		expect(n8nProcess.output().length).toBeGreaterThan(0);
		expect(n8nProcess.output()).not.toContain(apiKey);
	}
});
