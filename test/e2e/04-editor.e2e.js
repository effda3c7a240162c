/**
 * n8n's editor in headless Chromium (Debian's, driven by playwright-core), as a reseller takes it:
 * log in, add TZSMM Pay from the nodes panel by its action "Create order", create the credential
 * in its dialog (n8n's Test passes against the sandbox), read the Resource and Operation dropdowns,
 * open the Service list (loaded from the sandbox, with prices), fill in the Buyer Email, execute
 * the node and read its output. Screenshots of each step go to the run's screenshot folder; the
 * ones in docs/ (create-form, credential-dialog, node-output, node-panel) are copies of them.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { startN8nServer } = require('../../real-n8n/n8n');
const { signIn } = require('../../real-n8n/rest');
const {
	launchBrowser,
	screenshot: saveScreenshot,
	screenshotAfterEachTest,
	signInOnPage,
} = require('./support/browser');
const { readRunState } = require('../../real-n8n/run-state');
const { API_PATH } = require('../../sandbox/server');
const { useSandbox } = require('../../sandbox/use-sandbox');
const { ensureImported } = require('./support/workflows');

const ICON_PATH = '/icons/n8n-nodes-tzsmmpay/dist/nodes/TzsmmPay/tzsmmpay.svg';

const { screenshotDir, apiKey, sandboxPort } = readRunState();
const sandbox = useSandbox({ apiKey, port: sandboxPort });
let n8n;
let browser;
let page;

async function screenshot(name) {
	await saveScreenshot(page, name);
}

/** The options a dropdown of the node panel offers, by their first line (the name). */
async function dropdownOptions(parameterName) {
	await page.getByTestId(`parameter-input-${parameterName}`).click();
	const options = page.getByRole('option');
	await options.first().waitFor();
	const texts = await options.allInnerTexts();
	return texts.map((text) => text.split('\n')[0].trim());
}

async function chooseOption(parameterName, optionName) {
	await page.getByTestId(`parameter-input-${parameterName}`).click();
	await page.getByRole('option').filter({ hasText: optionName }).first().click();
}

beforeAll(async () => {
	await ensureImported();
	n8n = await startN8nServer({}, 'n8n-editor');
	// The owner is set up over REST, as in 03-server.e2e.js, when this file runs on its own.
	await signIn(n8n.baseUrl);
	({ browser, page } = await launchBrowser('chromium-profile'));
});

screenshotAfterEachTest(() => page, 'after');

afterAll(async () => {
	await browser?.close();
	await n8n?.stop();
});

test('the owner logs in', async () => {
	await signInOnPage(page, n8n.baseUrl);
});

test('the node panel finds TZSMM Pay by "reseller" and by name, with its icon, and lists its actions', async () => {
	await page.goto(`${n8n.baseUrl}/workflow/new`);
	// A workflow starts with a trigger; the action node follows it.
	await page.getByTestId('canvas-add-button').click();
	await page.getByTestId('node-creator-search-bar').fill('Manual');
	await page
		.getByTestId('node-creator-item-name')
		.filter({ hasText: /^Manual Trigger$/ })
		.click();
	await page.getByTestId('canvas-handle-plus').first().click();
	// A reseller who types the trade's word finds the node by its codex aliases.
	await page.getByTestId('node-creator-search-bar').fill('reseller');
	await page.getByTestId('node-creator').getByText('TZSMM Pay', { exact: true }).first().waitFor();
	await screenshot('node-creator-alias');
	await page.getByTestId('node-creator-search-bar').fill('TZSMM Pay');

	const item = page.getByTestId('node-creator').getByText('TZSMM Pay', { exact: true }).first();
	await item.waitFor();
	const icons = await page.getByTestId('node-creator').locator(`img[src="${ICON_PATH}"]`).count();
	expect(icons).toBeGreaterThan(0);
	await screenshot('node-creator-search');

	await item.click();
	const actions = page.getByTestId('node-creator-item-name');
	await actions.filter({ hasText: 'Get account balance' }).waitFor();
	expect(await actions.allInnerTexts()).toEqual(
		expect.arrayContaining([
			'Get account balance',
			'Create order',
			'Get order status',
			'Get many order statuses',
			'Release idempotency key',
			'Get many services',
		]),
	);
	await screenshot('node-creator-actions');
});

test('choosing "Create order" adds the node, open with its icon and the warning about the balance', async () => {
	await page.getByTestId('node-creator-item-name').filter({ hasText: 'Create order' }).click();

	const panel = page.getByTestId('ndv');
	await panel.waitFor();
	const icon = panel.locator(`img[src="${ICON_PATH}"]`).first();
	await icon.waitFor();
	// The SVG was fetched and drawn, not only referenced.
	expect(await icon.evaluate((image) => image.complete && image.naturalWidth > 0)).toBe(true);
	await expect(
		panel.getByText('Every order spends your TZSMM Pay balance', { exact: false }).isVisible(),
	).resolves.toBe(true);
});

test('a new credential: its dialog shows the four fields, and saved with the sandbox key n8n’s Test passes', async () => {
	// n8n preselects the imported sandbox credential; the reseller makes a new one instead.
	await page.getByTestId('node-credentials-select').click();
	await page.getByTestId('node-credentials-select-item-new').click();
	const dialog = page.getByTestId('editCredential-modal');
	await dialog.waitFor();
	const fields = await dialog.getByTestId('credential-connection-parameter').allInnerTexts();
	// The package's four fields in order (the key marked required), then the one n8n 2.x adds to
	// every credential its HTTP Request node may reuse.
	expect(fields.map((text) => text.split('\n')[0].trim())).toEqual([
		'API Key *',
		'Base URL',
		'Requests per Minute',
		'Allow Unencrypted HTTP',
		'Allowed HTTP Request Domains',
	]);
	await dialog.getByTestId('parameter-input-apiKey').locator('input').fill(apiKey);
	const baseUrl = dialog.getByTestId('parameter-input-baseUrl').locator('input');
	await baseUrl.fill(`http://127.0.0.1:${sandboxPort}${API_PATH}`);
	await screenshot('credential-dialog');

	const tested = page.waitForResponse((response) =>
		response.url().includes('/rest/credentials/test'),
	);
	await dialog.getByTestId('credential-save-button').click();
	const testAnswer = await (await tested).json();

	// Saved and tested, n8n closes the dialog and puts the new credential in the node.
	expect(testAnswer.data.status).toBe('OK');
	expect(sandbox.requestsFor('balance')).toHaveLength(1);
	await dialog.waitFor({ state: 'hidden' });
	expect(await page.getByTestId('node-credentials-select').locator('input').inputValue()).toBe(
		'TZSMM Pay account',
	);
});

test('the Resource dropdown offers the contract resources', async () => {
	const options = await dropdownOptions('resource');
	await page.keyboard.press('Escape');

	// n8n adds "Custom API Call" to every node whose credential it can reuse in HTTP Request.
	expect(options.filter((name) => name !== 'Custom API Call')).toEqual([
		'Account',
		'Order',
		'Service',
	]);
});

test('the Operation dropdown offers the contract operations of each resource', async () => {
	const operations = {};
	for (const resource of ['Account', 'Service', 'Order']) {
		await chooseOption('resource', resource);
		operations[resource] = (await dropdownOptions('operation')).filter(
			(name) => name !== 'Custom API Call',
		);
		if (resource !== 'Order') await page.keyboard.press('Escape');
	}
	// Order chosen, its operations open (once the dropdown's opening animation is over).
	await page.waitForTimeout(800);
	await screenshot('node-panel');

	expect(operations).toEqual({
		Account: ['Get Balance'],
		Service: ['Get Many'],
		Order: ['Create', 'Get Status', 'Get Many Statuses', 'Release Idempotency Key'],
	});
	await page.getByRole('option').filter({ hasText: 'Create' }).first().click();
});

test('the Service list loads from the sandbox, every service with its price', async () => {
	await page.getByTestId('rlc-input').first().click();
	const items = page.getByTestId('rlc-item');
	await items.first().waitFor();
	await page.waitForTimeout(500);
	await screenshot('create-form');

	expect((await items.allInnerTexts()).map((text) => text.split('\n')[0].trim())).toEqual([
		'Monthly Silver (0.56 USD)',
		'Monthly Gold (1.2 USD)',
		'Yearly Gold (9.9 USD)',
		'Setup Assistance (2.5 USD)',
	]);
	expect(sandbox.requestsFor('services')).toHaveLength(1);
	await items.filter({ hasText: 'Monthly Silver (0.56 USD)' }).click();
});

test('with the Buyer Email filled in, executing the node places one order and shows it', async () => {
	await page
		.getByTestId('parameter-input-link')
		.locator('input, textarea')
		.first()
		.fill('buyer@example.com');
	await page.getByTestId('node-execute-button').click();

	const output = page.getByTestId('output-panel');
	await output.getByText('buyer@example.com').first().waitFor();
	await page.waitForTimeout(500);
	await screenshot('node-output');

	expect(sandbox.requestsFor('add').map((request) => request.query)).toEqual([
		expect.objectContaining({ action: 'add', service: '2', link: 'buyer@example.com' }),
	]);
	const [order] = sandbox.state.orders.keys();
	expect(await output.innerText()).toContain(String(order));
});

test('on the canvas, the node’s subtitle reads as its action', async () => {
	await page.keyboard.press('Escape');
	// n8n names a node added by an action after the action, so "Create order" is there twice:
	// the name and, below it, the subtitle.
	const node = page
		.getByTestId('canvas-node')
		.filter({ has: page.locator(`img[src="${ICON_PATH}"]`) });
	await node.waitFor();
	await screenshot('canvas-subtitle');

	const lines = (await node.innerText()).split('\n').map((line) => line.trim());
	expect(lines.filter((line) => line === 'Create order')).toHaveLength(2);
});

test('the screenshots of each step were saved', () => {
	for (const name of ['credential-dialog', 'node-panel', 'create-form', 'node-output']) {
		expect(fs.statSync(path.join(screenshotDir, `${name}.png`)).size).toBeGreaterThan(10000);
	}
});
