/**
 * The automations of examples/automations that follow orders rather than take sales (the shops and
 * the sales ledger are 07-shops and 10-sales-ledger), imported into the real n8n and run as a
 * reseller runs them: activated, started by their schedule or trigger, delivering e-mail to a real
 * SMTP server on 127.0.0.1, reading the sales ledger (an n8n Data Table) and e-mailing an XLSX price
 * list. The tests of this file build on each other, in order, against one sandbox that is not reset
 * between them.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { createSandbox } = require('../../sandbox/server');
const { modulesDir, repoRoot } = require('../../real-n8n/toolchain');
const { startN8nServer, writeRunFile, n8nCliOrFail } = require('../../real-n8n/n8n');
const {
	activate: activateWorkflow,
	createSalesTable,
	deactivate: deactivateWorkflow,
	executionsOf,
	ok,
	settled: settledWorkflow,
	signIn,
	tableRows,
	waitFor,
} = require('../../real-n8n/rest');
const { readRunState } = require('../../real-n8n/run-state');
const { startSmtpServer } = require('../../stand-ins/smtp');
const { ensureImported, pollingEveryMinute } = require('./support/workflows');

// n8n's own copies: execution data is sent as `flatted` JSON; SheetJS (n8n's @e965/xlsx) reads
// the XLSX back.
const flatted = require(path.join(modulesDir, 'flatted'));
const XLSX = require(path.join(modulesDir, '@e965/xlsx'));

const automationsDir = path.join(repoRoot, 'examples/automations');
const SMTP_CREDENTIAL = { id: 'tzsmmpay-smtp', name: 'Shop SMTP' };
const RESELLER = 'reseller@your-shop.example';

const { runDir, apiKey, sandboxPort } = readRunState();

const sandbox = createSandbox({ apiKey, port: sandboxPort });
let smtp;
let n8n;
let rest;
let salesTable;

/** An automation as the run imports it: the shipped file, with what a test cannot wait for. */
function automation(file, id, adapt = (node) => node) {
	const workflow = JSON.parse(fs.readFileSync(path.join(automationsDir, file), 'utf8'));
	return { ...workflow, id, nodes: workflow.nodes.map(adapt) };
}

const WORKFLOWS = {
	// Every 5 seconds instead of 5 minutes.
	ready: automation('licence-ready.json', 'licence-ready', (node) =>
		node.type === 'n8n-nodes-base.scheduleTrigger'
			? { ...node, parameters: { rule: { interval: [{ field: 'seconds', secondsInterval: 5 }] } } }
			: node,
	),
	// Polling every minute (the least n8n allows) instead of hourly and daily.
	lowBalance: automation('low-balance-alert.json', 'low-balance-alert', pollingEveryMinute),
	priceList: automation('price-list.json', 'price-list', pollingEveryMinute),
};

beforeAll(async () => {
	await ensureImported();
	await sandbox.listen();
	smtp = await startSmtpServer();

	const credentials = writeRunFile('import/smtp-credential.json', [
		{
			...SMTP_CREDENTIAL,
			type: 'smtp',
			data: { host: '127.0.0.1', port: smtp.port, secure: false, disableStartTls: true },
		},
	]);
	await n8nCliOrFail('import-smtp-credential', ['import:credentials', `--input=${credentials}`]);
	for (const workflow of Object.values(WORKFLOWS)) {
		writeRunFile(`import/automations/${workflow.id}.json`, workflow);
	}
	await n8nCliOrFail('import-automations', [
		'import:workflow',
		'--separate',
		`--input=${path.join(runDir, 'import/automations')}`,
	]);

	n8n = await startN8nServer({}, 'n8n-automations');
	rest = await signIn(n8n.baseUrl);
	// Four licences the shop workflows ordered, as the sales ledger keeps them.
	const ordered = [
		['ada@example.com', 'Ada Lovelace', '1001', 2],
		['grace@example.com', 'Grace Hopper', '1002', 3],
		['alan@example.com', 'Alan Turing', '1003', 2],
		['barbara@example.com', 'Barbara Liskov', '1004', 2],
	].map(([email, buyer, sale, service]) => ({
		key: `shop:${sale}:1`,
		shop: 'Shop',
		sale,
		product: service === 2 ? 'silver' : 'gold',
		service,
		email,
		buyer,
		test: false,
		state: 'ordered',
		attempts: 1,
		order: sandbox.addOrder(service, email),
		status: 'Pending',
		orderedAt: new Date().toISOString(),
	}));
	salesTable = await createSalesTable(rest, ordered);
}, 240000);

afterAll(async () => {
	await n8n?.stop();
	await smtp?.close();
	await sandbox.close();
});

const activate = (workflow) => activateWorkflow(rest, workflow);
const deactivate = (workflow) => deactivateWorkflow(rest, workflow);
const settled = (workflow) => settledWorkflow(rest, workflow);

/** The licences of the sales ledger, without n8n's own columns. */
const orderRows = () => tableRows(rest, salesTable);

describe('b. licence ready: a schedule tells the buyer once the order is Completed, and the reseller when it ends otherwise', () => {
	const { ready: workflow } = WORKFLOWS;

	test('an order going Pending → Completed yields exactly one "licence active" e-mail', async () => {
		const activeMails = () =>
			smtp.messages.filter((mail) => mail.subject === 'Your TZSMM Pay licence is active');
		const statusRequests = () => sandbox.requestsFor('status').length;
		await activate(workflow);
		// One tick with every order still pending: nothing to tell anyone.
		await waitFor('a first tick', async () => (statusRequests() > 0 ? true : undefined), 30000);
		await settled(workflow);
		expect(activeMails()).toEqual([]);

		sandbox.state.orders.get(23501).status = 'Completed';
		const mails = await waitFor(
			'the licence-active e-mail',
			async () => (activeMails().length > 0 ? activeMails() : undefined),
			30000,
		);
		// Ticks go on every 5 seconds; two more must send nothing more.
		const requestsThen = statusRequests();
		await waitFor(
			'two more ticks',
			async () => (statusRequests() >= requestsThen + 2 ? true : undefined),
			30000,
		);
		await deactivate(workflow);
		await settled(workflow);

		expect(mails).toHaveLength(1);
		expect(mails[0].to).toEqual(['ada@example.com']);
		expect(mails[0].text).toContain('is active now (order 23501)');
		expect(activeMails()).toHaveLength(1);
		expect((await orderRows()).find((row) => row.order === 23501).status).toBe('Completed');
		expect((await orderRows()).filter((row) => row.status === 'Pending')).toHaveLength(3);
		// Every tick asked for every open order in one request.
		expect(sandbox.requestsFor('status').every((r) => r.query.orders !== undefined)).toBe(true);
	}, 120000);

	test('an order ended Partial and one TZSMM Pay does not know are told to the reseller once; failing checks at most once an hour', async () => {
		const resellerMails = () => smtp.to(RESELLER);
		const ticks = async () => (await executionsOf(rest, workflow.id)).length;
		const mailsBefore = resellerMails().length;
		sandbox.state.orders.get(23502).status = 'Partial';
		sandbox.state.orders.delete(23503);
		await activate(workflow);

		const told = await waitFor(
			'the two reseller e-mails',
			async () =>
				resellerMails().length >= mailsBefore + 2 ? resellerMails().slice(mailsBefore) : undefined,
			30000,
		);
		const ticksThen = await ticks();
		await waitFor(
			'two more ticks',
			async () => ((await ticks()) >= ticksThen + 2 ? true : undefined),
			30000,
		);
		expect(resellerMails()).toHaveLength(mailsBefore + 2);

		// Two ticks whose status request fails through every retry (1 + 3 attempts each), then
		// ticks that succeed again.
		const statusRequestsBefore = sandbox.requestsFor('status').length;
		sandbox.queueFaultFor('status', ...Array(8).fill('badGateway'));
		await waitFor(
			'two failed checks and a good one',
			async () =>
				sandbox.requestsFor('status').length >= statusRequestsBefore + 9 ? true : undefined,
			90000,
		);
		await deactivate(workflow);
		await settled(workflow);

		expect(told.map((mail) => mail.subject).sort()).toEqual([
			'TZSMM Pay does not know order 23503',
			'TZSMM Pay order 23502 ended Partial',
		]);
		expect(told.find((mail) => mail.subject.includes('Partial')).text).toContain(
			'for grace@example.com',
		);
		const failing = resellerMails().filter(
			(mail) => mail.subject === 'TZSMM Pay status checks are failing',
		);
		expect(failing).toHaveLength(1);
		expect(failing[0].text).toContain('TZSMM Pay is temporarily unavailable (HTTP 502)');
		const rows = await orderRows();
		expect(rows.find((row) => row.order === 23502).status).toBe('Partial');
		expect(rows.find((row) => row.order === 23503).status).toBe('Not found');
		expect(rows.find((row) => row.order === 23504).status).toBe('Pending');
		// The final rows are not asked for again: the last request carried only the open order.
		expect(sandbox.requestsFor('status').at(-1).query.orders).toBe('23504');
	}, 180000);
});

describe('c and d: the triggers alert the reseller and e-mail the price list', () => {
	test('a low balance e-mails the reseller; a rate change e-mails the catalogue as XLSX', async () => {
		const { lowBalance, priceList } = WORKFLOWS;
		// Workflow a's orders asked for the catalogue too: only requests after this count.
		const servicesBefore = sandbox.requestsFor('services').length;
		await activate(lowBalance);
		await activate(priceList);
		// Activation polls each trigger for its baseline, which emits nothing. The changes below
		// must come after both baselines were answered, or a baseline would already hold them.
		await waitFor(
			'the baseline polls',
			async () =>
				sandbox.requestsFor('balance').length > 0 &&
				sandbox.requestsFor('services').length > servicesBefore
					? true
					: undefined,
			30000,
		);

		sandbox.state.balance = 4.5;
		sandbox.state.services.find((service) => service.service === 7).rate = 8.9;

		// n8n polls every minute: the next poll of each reports its change.
		const mailsWithSubject = (subject) => async () => {
			const found = smtp.to(RESELLER).filter((mail) => mail.subject === subject);
			return found.length > 0 ? found : undefined;
		};
		const alerts = await waitFor(
			'the low-balance e-mail',
			mailsWithSubject('TZSMM Pay balance is low: 4.5 USD'),
			150000,
		);
		const priceLists = await waitFor(
			'the price list',
			mailsWithSubject('TZSMM Pay price list'),
			150000,
		);
		await settled(priceList);
		await deactivate(lowBalance);
		await deactivate(priceList);

		expect(alerts).toHaveLength(1);
		expect(priceLists).toHaveLength(1);
		expect(priceLists[0].attachments.map((attachment) => attachment.filename)).toEqual([
			'tzsmmpay-price-list.xlsx',
		]);
		const workbook = XLSX.read(priceLists[0].attachments[0].content);
		expect(workbook.SheetNames).toEqual(['Services']);
		expect(XLSX.utils.sheet_to_json(workbook.Sheets.Services)).toEqual(sandbox.state.services);
	}, 240000);
});

test('the API key appears in no e-mail, no stored execution and no log line', async () => {
	const executions = [];
	for (const { id } of Object.values(WORKFLOWS)) {
		for (const { id: executionId } of await executionsOf(rest, id)) {
			executions.push(ok(await rest.get(`/rest/executions/${executionId}`)).data);
		}
	}
	// Every workflow ran, and the stored data is the flatted JSON n8n keeps.
	expect(new Set(executions.map((execution) => execution.workflowId)).size).toBe(3);
	expect(flatted.parse(executions[0].data).resultData.runData).toBeDefined();

	expect(smtp.messages.length).toBeGreaterThanOrEqual(5);
	for (const mail of smtp.messages) expect(mail.raw).not.toContain(apiKey);
	for (const execution of executions) expect(JSON.stringify(execution)).not.toContain(apiKey);
	expect(n8n.output()).toContain('Editor is now accessible');
	expect(n8n.output()).not.toContain(apiKey);
});
