/**
 * A reseller sets up the WooCommerce shop the way the README and the sticky notes say, in n8n's
 * editor (Debian's Chromium, driven by playwright-core), in an n8n of its own that has nothing but
 * the reseller's credentials: Import from file of the failure alert, the sales ledger and the
 * WooCommerce workflow; the ledger and the error workflow chosen where the import left references
 * to workflows this n8n does not have (the files name them by the IDs of another n8n); each Set Up
 * executed from its trigger; Publish. Then WooCommerce delivers a signed, paid order and the
 * licence is ordered, recorded and e-mailed. The products are filled in through the REST API the
 * Data tables tab calls (the tab's grid itself is not driven).
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { createSandbox } = require('../../sandbox/server');
const { startN8nServer } = require('../../real-n8n/n8n');
const { ensureInstalled } = require('../../real-n8n/package');
const { findDataTable, insertRows, ok, settled, signIn, waitFor } = require('../../real-n8n/rest');
const { readRunState } = require('../../real-n8n/run-state');
const { ledgerRows, PRODUCTS, wooSecretSaved } = require('../../real-n8n/shop-workflows');
const { repoRoot } = require('../../real-n8n/toolchain');
const { startSmtpServer } = require('../../stand-ins/smtp');
const { startWooCommerce } = require('../../stand-ins/woocommerce');
const {
	closeProductionChecklist,
	launchBrowser,
	screenshot,
	screenshotAfterEachTest,
	signInOnPage,
} = require('./support/browser');

const WOO = { consumerKey: 'ck_e2e_setup', consumerSecret: 'cs_e2e_setup' };
const automation = (file) => path.join(repoRoot, 'examples/automations', file);

const { apiKey, runDir } = readRunState();
const userFolder = path.join(runDir, 'setup', 'user');
const sandbox = createSandbox({ apiKey });
let smtp;
let woo;
let n8n;
let rest;
let browser;
let page;
/** The IDs the imports gave the workflows in this n8n. */
const imported = {};

beforeAll(async () => {
	fs.mkdirSync(userFolder, { recursive: true });
	await ensureInstalled(userFolder);
	const { baseUrl: sandboxBaseUrl } = await sandbox.listen();
	smtp = await startSmtpServer();
	woo = await startWooCommerce(WOO);
	n8n = await startN8nServer({ N8N_USER_FOLDER: userFolder }, 'n8n-setup');
	rest = await signIn(n8n.baseUrl);
	// The reseller's credentials, made in the Credentials dialog (04-editor walks that dialog).
	for (const [name, type, data] of [
		['TZSMM Pay', 'tzsmmPayApi', { apiKey, baseUrl: sandboxBaseUrl }],
		[
			'Shop mail',
			'smtp',
			{ host: '127.0.0.1', port: smtp.port, secure: false, disableStartTls: true },
		],
		[
			'My WooCommerce',
			'wooCommerceApi',
			{ url: woo.baseUrl, ...WOO, includeCredentialsInQuery: false },
		],
	]) {
		ok(await rest.post('/rest/credentials', { name, type, data }));
	}
	({ browser, page } = await launchBrowser('chromium-setup'));
	await signInOnPage(page, n8n.baseUrl);
}, 300000);

screenshotAfterEachTest(() => page, 'setup');

afterAll(async () => {
	await browser?.close();
	await n8n?.stop();
	await woo?.close();
	await smtp?.close();
	await sandbox.close();
});

/** A saved workflow as the REST API gives it. */
const saved = async (id) => ok(await rest.get(`/rest/workflows/${id}`)).data;

/** Workflow › Import › From file, in a new workflow; returns the ID the editor saved it under. */
async function importFromFile(file) {
	await page.goto(`${n8n.baseUrl}/workflow/new`);
	await page.getByTestId('workflow-menu').click();
	await page.getByTestId('workflow-menu-item-import').hover();
	const chooser = page.waitForEvent('filechooser');
	await page.getByTestId('workflow-menu-item-import-from-file').click();
	await (await chooser).setFiles(automation(file));
	await page.waitForURL((url) => /\/workflow\/[A-Za-z0-9]{8,}/.test(url.pathname));
	await page.getByTestId('canvas-node').first().waitFor();
	const id = /\/workflow\/([A-Za-z0-9]+)/.exec(new URL(page.url()).pathname)[1];
	// The editor saves the imported workflow a moment after it shows it.
	await waitFor(
		'the imported workflow to be saved',
		async () => ((await rest.get(`/rest/workflows/${id}`)).status === 200 ? true : undefined),
		30000,
	);
	return id;
}

/** Workflow › Settings › Error Workflow, chosen by its name; then Save. */
async function chooseErrorWorkflow(name) {
	await page.getByTestId('workflow-menu').click();
	await page.getByTestId('workflow-menu-item-settings').click();
	await page.getByTestId('workflow-settings-error-workflow').click();
	await page.getByRole('option').filter({ hasText: name }).first().click();
	await page.getByTestId('workflow-settings-save-button').locator('button').click();
	await page.getByTestId('workflow-settings-dialog').waitFor({ state: 'hidden' });
}

/** Execute workflow from the trigger of that name, and waits for its execution to succeed. */
async function executeFrom(workflowId, trigger) {
	const before = (await executions(workflowId)).length;
	await page.getByTestId(`execute-workflow-button-${trigger}`).click({ force: true });
	const [execution] = await waitFor(
		`the execution from ${trigger}`,
		async () => {
			const found = await executions(workflowId);
			return found.length > before && ['success', 'error'].includes(found[0].status)
				? found
				: undefined;
		},
		60000,
	);
	return execution;
}

async function executions(workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	return ok(await rest.get(`/rest/executions?filter=${filter}`)).data.results;
}

/** Publish, with the version name n8n suggests. */
async function publish(workflowId) {
	await page.getByTestId('workflow-open-publish-modal-button').click();
	await page.getByTestId('workflow-publish-button').click();
	await waitFor(
		'the workflow to be published',
		async () => ((await saved(workflowId)).active ? true : undefined),
		30000,
	);
}

test('the failure alert: imported, its SMTP credential chosen by n8n, published', async () => {
	imported.alert = await importFromFile('shop-failure-alert.json');
	await publish(imported.alert);

	const alert = await saved(imported.alert);
	expect(alert.name).toBe('TZSMM Pay: e-mail the reseller when a shop workflow fails');
	expect(alert.nodes.find((node) => node.name === 'Email the Reseller').credentials.smtp.name).toBe(
		'Shop mail',
	);
});

test('the sales ledger: its error workflow chosen (an import keeps none), Set Up executed, published', async () => {
	imported.ledger = await importFromFile('sales-ledger.json');
	const asImported = await saved(imported.ledger);

	await chooseErrorWorkflow('TZSMM Pay: e-mail the reseller when a shop workflow fails');
	const setUp = await executeFrom(imported.ledger, 'Set Up');
	// What the sticky note asks in the Data tables tab: the products and their services.
	await insertRows(rest, await findDataTable(rest, 'tzsmmpay_products'), PRODUCTS);
	await publish(imported.ledger);
	const ledger = await saved(imported.ledger);

	// The file names its error workflow by the ID it has in another n8n; the import drops it.
	expect(asImported.settings.errorWorkflow).toBeUndefined();
	expect(ledger.settings.errorWorkflow).toBe(imported.alert);
	expect(setUp.status).toBe('success');
	const credentialsOf = (name) => ledger.nodes.find((node) => node.name === name).credentials;
	expect(credentialsOf('Order Licence').tzsmmPayApi.name).toBe('TZSMM Pay');
	expect(credentialsOf('Email Buyer').smtp.name).toBe('Shop mail');
	expect(
		(await findDataTable(rest, 'tzsmmpay_sales')).columns.map((column) => column.name),
	).toContain('state');
});

test('the WooCommerce workflow: the ledger chosen in Record Sale, its error workflow, Set Up, Publish: n8n registers its webhook', async () => {
	imported.woo = await importFromFile('shop-sale-woocommerce.json');
	const asImported = await saved(imported.woo);

	await page.getByTestId('canvas-node').filter({ hasText: 'Record Sale' }).first().dblclick();
	await page.getByTestId('rlc-input-container').click();
	// The list shows the import's reference (marked selected, under the name the file cached) and
	// the ledger this n8n has: the reseller picks the latter.
	await page
		.getByTestId('rlc-item')
		.filter({ hasText: 'TZSMM Pay: sales ledger' })
		.and(page.locator(':not([class*="_selected"])'))
		.first()
		.click();
	// n8n then reads the ledger's trigger; closing the node before it shows what it read saves the
	// node with no inputs at all (null), and every call of it fails.
	await page.getByText('This sub-workflow will consume all input data passed to it').waitFor();
	await page.keyboard.press('Escape');
	await waitFor(
		'Record Sale to name the ledger',
		async () => {
			const node = (await saved(imported.woo)).nodes.find((entry) => entry.name === 'Record Sale');
			return node.parameters.workflowId.value === imported.ledger ? true : undefined;
		},
		15000,
	);
	await chooseErrorWorkflow('TZSMM Pay: e-mail the reseller when a shop workflow fails');
	const setUp = await executeFrom(imported.woo, 'Set Up');
	await publish(imported.woo);
	const hook = await waitFor(
		'the WooCommerce webhook',
		async () => [...woo.webhooks.values()][0],
		60000,
	);
	const workflow = await saved(imported.woo);

	const recordSale = (nodes) =>
		nodes.find((node) => node.name === 'Record Sale').parameters.workflowId.value;
	// The import keeps the file's reference, which names no workflow here, until the reseller picks.
	expect(recordSale(asImported.nodes)).toBe('sales-ledger');
	expect(recordSale(workflow.nodes)).toBe(imported.ledger);
	expect(
		workflow.nodes.find((node) => node.name === 'Record Sale').parameters.workflowInputs.value,
	).toEqual({});
	expect(asImported.settings.errorWorkflow).toBeUndefined();
	expect(workflow.settings.errorWorkflow).toBe(imported.alert);
	expect(setUp.status).toBe('success');
	expect(
		workflow.nodes.find((node) => node.name === 'WooCommerce Order').credentials.wooCommerceApi
			.name,
	).toBe('My WooCommerce');
	expect(hook.delivery_url).toMatch(new RegExp(`^${n8n.baseUrl}/webhook/.+/webhook$`));
});

test('a signed, paid order from WooCommerce is recorded, ordered and e-mailed to the buyer', async () => {
	await wooSecretSaved(rest, imported.woo);
	const order = woo.addOrder({
		id: 4242,
		email: 'first.buyer@example.com',
		lines: [{ id: 7, sku: 'TZ-GOLD', quantity: 1 }],
	});

	const answer = await woo.deliver(order);
	const [mail] = await waitFor(
		'the buyer e-mail',
		async () =>
			smtp.to('first.buyer@example.com').length ? smtp.to('first.buyer@example.com') : undefined,
		60000,
	);
	await settled(rest, { id: imported.ledger });

	expect(answer.status).toBe(200);
	expect(sandbox.requestsFor('add').map((request) => request.query)).toEqual([
		{ action: 'add', service: '3', link: 'first.buyer@example.com' },
	]);
	expect((await ledgerRows(rest)).map(({ key, state }) => ({ key, state }))).toEqual([
		{ key: 'woo:4242:7:1', state: 'ordered' },
	]);
	expect(mail.subject).toBe('Your TZSMM Pay licence is on its way');
});

test('the editor shows the WooCommerce workflow as set up (screenshot for the docs)', async () => {
	await page.goto(`${n8n.baseUrl}/workflow/${imported.woo}`);
	await page.getByTestId('canvas-node').first().waitFor();
	await closeProductionChecklist(page);
	await page.keyboard.press('1');
	await page.waitForTimeout(800);
	const file = await screenshot(page, 'woocommerce-workflow');

	const texts = (await page.getByTestId('canvas-node').allInnerTexts()).join('\n');
	for (const name of ['WooCommerce Order', 'Every 10 Minutes', 'What Happened?', 'Record Sale']) {
		expect(texts).toContain(name);
	}
	expect(fs.statSync(file).size).toBeGreaterThan(10000);
});
