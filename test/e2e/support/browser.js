// Debian's Chromium, headless, driven by playwright-core: how the e2e files open n8n's editor.
'use strict';

const path = require('node:path');

const { modulesDir, chromiumPath } = require('../../../real-n8n/toolchain');
const { OWNER } = require('../../../real-n8n/rest');
const { readRunState } = require('../../../real-n8n/run-state');

const { chromium, selectors } = require(path.join(modulesDir, 'playwright-core'));

/** The probe-tested flags for Chromium on this closed network (no calls home, no sandbox as root). */
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** Chromium with a fresh profile in the run folder (named `profile`), and its first page. */
async function launchBrowser(profile) {
	const { runDir } = readRunState();
	selectors.setTestIdAttribute('data-test-id');
	const browser = await chromium.launchPersistentContext(path.join(runDir, profile), {
		executablePath: chromiumPath,
		headless: true,
		args: CHROMIUM_ARGS,
		viewport: { width: 1440, height: 900 },
	});
	const page = browser.pages()[0] ?? (await browser.newPage());
	page.setDefaultTimeout(30000);
	return { browser, page };
}

/** The owner signs in through n8n's sign-in form. */
async function signInOnPage(page, baseUrl) {
	await page.goto(`${baseUrl}/signin`);
	await page.getByTestId('emailOrLdapLoginId').locator('input').fill(OWNER.email);
	await page.getByTestId('password').locator('input').fill(OWNER.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

/**
 * Hides the Production Checklist that n8n 2.x opens over a published workflow a moment after the
 * canvas, so that a screenshot shows the canvas; does nothing where none opens. (Its close mark is
 * an icon without a role, and Escape leaves it open, so the panel is hidden instead.)
 */
async function closeProductionChecklist(page) {
	const title = page.getByText('Production Checklist', { exact: true });
	try {
		await title.waitFor({ state: 'visible', timeout: 5000 });
	} catch {
		return;
	}
	await title.evaluate((element) => {
		let panel = element;
		while (
			panel.parentElement &&
			!['fixed', 'absolute'].includes(getComputedStyle(panel).position)
		) {
			panel = panel.parentElement;
		}
		panel.style.display = 'none';
	});
	await title.waitFor({ state: 'hidden', timeout: 5000 });
}

/** Saves a screenshot of the page as `<name>.png` in the run's screenshot folder. */
async function screenshot(page, name) {
	const file = path.join(readRunState().screenshotDir, `${name}.png`);
	await page.screenshot({ path: file });
	return file;
}

/**
 * After each test of the file, a screenshot of the page as `<prefix>-<test name>.png`, for whoever
 * reads a failure; `currentPage` gives the page (undefined before the browser is up).
 */
function screenshotAfterEachTest(currentPage, prefix) {
	afterEach(async () => {
		const page = currentPage();
		if (page === undefined) return;
		const name = expect
			.getState()
			.currentTestName.replace(/[^a-z0-9]+/gi, '-')
			.toLowerCase();
		await screenshot(page, `${prefix}-${name}`);
	});
}

/**
 * Opens a saved workflow in the editor as the owner, zoomed to fit, and saves a screenshot of it as
 * `<name>.png`; returns the file and the texts of the canvas's nodes.
 */
async function screenshotWorkflow(baseUrl, workflowId, name) {
	const { browser, page } = await launchBrowser(`chromium-${name}`);
	try {
		await signInOnPage(page, baseUrl);
		await page.goto(`${baseUrl}/workflow/${workflowId}`);
		await page.getByTestId('canvas-node').first().waitFor();
		await closeProductionChecklist(page);
		// Zoom to fit ("1"), once the canvas has settled.
		await page.keyboard.press('1');
		await page.waitForTimeout(800);
		const nodeTexts = await page.getByTestId('canvas-node').allInnerTexts();
		return { file: await screenshot(page, name), nodeTexts: nodeTexts.join('\n') };
	} finally {
		await browser.close();
	}
}

module.exports = {
	launchBrowser,
	signInOnPage,
	closeProductionChecklist,
	screenshot,
	screenshotAfterEachTest,
	screenshotWorkflow,
};
