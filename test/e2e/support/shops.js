// The shops of e2e 07 and 10 around a real n8n of their own: the stand-ins (SMTP, WooCommerce,
// Stripe), the shop workflows and their credentials imported, and, once n8n is up, the workflows set
// up and published as the sticky notes say and waited for until every shop can deliver.
'use strict';

const path = require('node:path');

const { activate, ok, waitFor, waitUntilRegistered } = require('../../../real-n8n/rest');
const { readRunState } = require('../../../real-n8n/run-state');
const { setUpShops, shopCredentials } = require('../../../real-n8n/shop-workflows');
const { startSmtpServer } = require('../../../stand-ins/smtp');
const { startStripe } = require('../../../stand-ins/stripe');
const { startWooCommerce } = require('../../../stand-ins/woocommerce');
const { ensureImported, importOwn, SHOP_HEADER } = require('./workflows');

/**
 * Starts `sandbox` and the stand-ins, and imports `workflows` with the credentials that point at
 * them (folder `label` of the run's imports). `wooKeys` are the shop's REST API keys, `stripeKey`
 * the Stripe secret key. Returns the stand-ins and `close()`.
 */
async function startShopStandIns(label, { sandbox, workflows, wooKeys, stripeKey }) {
	const { apiKey, runDir } = readRunState();
	await ensureImported();
	const { baseUrl: sandboxUrl } = await sandbox.listen();
	const smtp = await startSmtpServer();
	const woo = await startWooCommerce(wooKeys);
	const stripe = await startStripe({
		secretKey: stripeKey,
		caFile: path.join(runDir, `stripe-ca-${label}.pem`),
	});
	await importOwn(
		label,
		shopCredentials({
			apiKey,
			sandboxUrl,
			smtpPort: smtp.port,
			shopHeader: SHOP_HEADER,
			woo: { baseUrl: woo.baseUrl, ...wooKeys },
			stripeKey,
		}),
		Object.values(workflows),
	);
	const close = async () => {
		await stripe.close();
		await woo.close();
		await smtp.close();
		await sandbox.close();
	};
	return { smtp, woo, stripe, close };
}

/**
 * Set Up executed and `published` published in the n8n at `baseUrl`; then waits until each shop can
 * deliver, since n8n 2.x publishes through a queue of its own a moment after the Publish call
 * returns: WooCommerce holds the trigger's webhook and n8n has saved its secret, Stripe holds the
 * trigger's endpoint, and the any-shop webhook is registered.
 */
async function publishShops(rest, baseUrl, { woo, stripe }, published) {
	await setUpShops(rest);
	for (const workflow of published) await activate(rest, workflow);
	await waitFor(
		'the WooCommerce webhook',
		async () => (woo.webhooks.size > 0 ? true : undefined),
		60000,
	);
	await wooSecretSaved(rest);
	await waitFor(
		'the Stripe endpoint',
		async () => (stripe.endpoints.size > 0 ? true : undefined),
		60000,
	);
	await waitUntilRegistered(`${baseUrl}/webhook/tzsmmpay-shop-sale`);
}

/**
 * n8n's WooCommerce Trigger registers its webhook in WooCommerce first and saves the webhook's
 * secret into the workflow's static data after: a delivery in between fails with "WooCommerce
 * webhook secret is missing". A real shop delivers long after; the run waits for the save.
 */
async function wooSecretSaved(rest) {
	await waitFor(
		'the WooCommerce webhook secret in the workflow',
		async () => {
			const { staticData } = ok(await rest.get('/rest/workflows/shop-sale-woocommerce')).data;
			return JSON.stringify(staticData ?? {}).includes('"secret"') ? true : undefined;
		},
		60000,
	);
}

module.exports = { publishShops, startShopStandIns, wooSecretSaved };
