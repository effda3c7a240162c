// Debian's Chromium, headless, driven by playwright-core: how the e2e files open n8n's editor.
'use strict';

const path = require('node:path');

const { modulesDir, chromiumPath } = require('./toolchain');
const { OWNER } = require('./rest');
const { readRunState } = require('./run-state');

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

/** Saves a screenshot of the page as `<name>.png` in the run's screenshot folder. */
async function screenshot(page, name) {
	const file = path.join(readRunState().screenshotDir, `${name}.png`);
	await page.screenshot({ path: file });
	return file;
}

module.exports = { launchBrowser, signInOnPage, screenshot };
