// The shops of e2e 07 and 10 around a real n8n of their own: the stand-ins (SMTP, WooCommerce,
// Stripe), and the shop workflows and their credentials imported. (Publishing them is
// real-n8n/shop-workflows.js's publishShops, which the benchmark uses too.)
'use strict';

const path = require('node:path');

const { readRunState } = require('../../../real-n8n/run-state');
const { shopCredentials } = require('../../../real-n8n/shop-workflows');
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

module.exports = { startShopStandIns };
