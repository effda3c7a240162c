/**
 * n8n's editor in headless Chromium (Debian's, driven by playwright-core): log in, add TZSMM Pay
 * to a new workflow from the node panel, open it, and read its Resource and Operation dropdowns.
 * Screenshots go to .cache/e2e/screenshots; docs/node-panel.png is one of them.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { startN8nServer } = require('../../real-n8n/n8n');
const { signIn } = require('../../real-n8n/rest');
const { launchBrowser, screenshot: saveScreenshot, signInOnPage } = require('./support/browser');
const { readRunState } = require('../../real-n8n/run-state');
const { ensureImported, SANDBOX_CREDENTIAL } = require('./support/workflows');

const ICON_PATH = '/icons/n8n-nodes-tzsmmpay/dist/nodes/TzsmmPay/tzsmmpay.svg';

const { screenshotDir } = readRunState();
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
	n8n = await startN8nServer();
	// The owner is set up over REST, as in 03-server.e2e.js, when this file runs on its own.
	await signIn(n8n.baseUrl);
	({ browser, page } = await launchBrowser('chromium-profile'));
});

afterEach(async () => {
	// The state of the page after each step, for whoever reads a failure.
	if (page === undefined) return;
	const name = expect
		.getState()
		.currentTestName.replace(/[^a-z0-9]+/gi, '-')
		.toLowerCase();
	await screenshot(`after-${name}`);
});

afterAll(async () => {
	await browser?.close();
	await n8n?.stop();
});

test('the owner logs in', async () => {
	await signInOnPage(page, n8n.baseUrl);
});

test('the node panel finds TZSMM Pay with its icon and lists its actions', async () => {
	await page.goto(`${n8n.baseUrl}/workflow/new`);
	// A workflow starts with a trigger; the action node follows it.
	await page.getByTestId('canvas-add-button').click();
	await page.getByTestId('node-creator-search-bar').fill('Manual');
	await page
		.getByTestId('node-creator-item-name')
		.filter({ hasText: /^Manual Trigger$/ })
		.click();
	await page.getByTestId('canvas-handle-plus').first().click();
	await page.getByTestId('node-creator-search-bar').fill('TZSMM Pay');

	const item = page.getByTestId('node-creator').getByText('TZSMM Pay', { exact: true }).first();
	await item.waitFor();
	const icons = await page.getByTestId('node-creator').locator(`img[src="${ICON_PATH}"]`).count();
	expect(icons).toBeGreaterThan(0);
	await screenshot('node-creator-search');

	await item.click();
	const actions = page.getByTestId('node-creator-item-name');
	await actions.filter({ hasText: 'Get the account balance' }).waitFor();
	expect(await actions.allInnerTexts()).toEqual(
		expect.arrayContaining([
			'Get the account balance',
			'Create an order',
			'Get the status of an order',
			'Get the statuses of many orders',
			'Release an idempotency key',
			'Get many services',
		]),
	);
	await screenshot('node-creator-actions');
});

test('choosing an action adds the node and opens it with its icon', async () => {
	await page
		.getByTestId('node-creator-item-name')
		.filter({ hasText: 'Get the account balance' })
		.click();

	const panel = page.getByTestId('ndv');
	await panel.waitFor();
	const icon = panel.locator(`img[src="${ICON_PATH}"]`).first();
	await icon.waitFor();
	// The SVG was fetched and drawn, not only referenced.
	expect(await icon.evaluate((image) => image.complete && image.naturalWidth > 0)).toBe(true);
	// n8n preselects a credential of the node's type; the sandbox one is chosen here.
	await page.getByTestId('node-credentials-select').click();
	await page.getByTestId(`node-credentials-select-item-${SANDBOX_CREDENTIAL.id}`).click();
	expect(await page.getByTestId('node-credentials-select').locator('input').inputValue()).toBe(
		SANDBOX_CREDENTIAL.name,
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
	// The panel of the README's screenshot: Order chosen, its operations open (once the
	// dropdown's opening animation is over).
	await page.waitForTimeout(800);
	await screenshot('node-panel');

	expect(operations).toEqual({
		Account: ['Get Balance'],
		Service: ['Get Many'],
		Order: ['Create', 'Get Status', 'Get Many Statuses', 'Release Idempotency Key'],
	});
	await page.keyboard.press('Escape');
});

test('the saved screenshot of the node panel exists', () => {
	expect(fs.statSync(path.join(screenshotDir, 'node-panel.png')).size).toBeGreaterThan(10000);
});
