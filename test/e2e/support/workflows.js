// The workflows of examples/ and the sandbox credentials, imported into the run's n8n with its
// own import commands (once per run, so that any e2e file can also run on its own).
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { API_PATH } = require('../../../sandbox/server');
const { repoRoot } = require('../../../real-n8n/toolchain');
const { shippedWorkflows } = require('../../../real-n8n/examples');
const { n8nCliOrFail, writeRunFile } = require('../../../real-n8n/n8n');
const { readRunState } = require('../../../real-n8n/run-state');
const { ensureInstalled } = require('../../../real-n8n/package');
const { withBuyerEmailFilledIn } = require('../../../scripts/example-steps');

const examplesDir = path.join(repoRoot, 'examples');
const SANDBOX_CREDENTIAL = { id: 'tzsmmpay-sandbox', name: 'TZSMM Pay sandbox' };
const WRONG_KEY_CREDENTIAL = { id: 'tzsmmpay-wrong-key', name: 'TZSMM Pay with a wrong key' };
/** What the any-shop workflow's Header Auth credential holds: the header and secret a shop sends. */
const SHOP_HEADER = { name: 'X-Shop-Token', value: 'e2e-shop-token-5b1f0c2e9d7a4e38' };
/** check-balance.json with the wrong-key credential: the run that must fail. */
const WRONG_KEY_WORKFLOW_ID = 'check-balance-bad-key';
/** place-order-and-check-status.json as shipped, its buyer's address empty: a click orders nothing. */
const PLACE_ORDER_AS_SHIPPED_ID = 'place-order-as-shipped';

/** An example as shipped, by its file name under examples/. */
function readExample(file) {
	return JSON.parse(fs.readFileSync(path.join(examplesDir, file), 'utf8'));
}

/**
 * Every example of examples/ itself: its file name, the workflow ID it is imported under, and the
 * workflow, with the buyer's address filled in where the sticky note asks for it
 * (place-order-and-check-status).
 */
function examples() {
	return shippedWorkflows(['']).map(({ file, id, workflow }) => ({
		file,
		id,
		workflow: withBuyerEmailFilledIn(workflow),
	}));
}

/**
 * The run cannot wait for the hourly or daily poll of some trigger examples, so they are imported
 * polling every minute; nothing else in them changes.
 */
function pollingEveryMinute(node) {
	if (node.parameters?.pollTimes === undefined) return node;
	return {
		...node,
		parameters: { ...node.parameters, pollTimes: { item: [{ mode: 'everyMinute' }] } },
	};
}

function sandboxBaseUrl() {
	return `http://127.0.0.1:${readRunState().sandboxPort}${API_PATH}`;
}

/**
 * n8n import:credentials with the sandbox key and a wrong key, then n8n import:workflow of every
 * example plus the wrong-key variant of check-balance and the ordering example as shipped. Returns
 * the outputs of both commands.
 */
async function ensureImported() {
	const { runDir, apiKey, wrongApiKey } = readRunState();
	const record = path.join(runDir, 'imported.json');
	if (fs.existsSync(record)) return JSON.parse(fs.readFileSync(record, 'utf8'));
	await ensureInstalled();

	const credentialsFile = writeRunFile('import/credentials.json', [
		{ ...SANDBOX_CREDENTIAL, type: 'tzsmmPayApi', data: { apiKey, baseUrl: sandboxBaseUrl() } },
		{
			...WRONG_KEY_CREDENTIAL,
			type: 'tzsmmPayApi',
			data: { apiKey: wrongApiKey, baseUrl: sandboxBaseUrl() },
		},
	]);
	const credentials = await n8nCliOrFail('import-credentials', [
		'import:credentials',
		`--input=${credentialsFile}`,
	]);

	for (const { id, workflow } of examples()) {
		writeRunFile(`import/workflows/${id}.json`, {
			...workflow,
			id,
			nodes: workflow.nodes.map(pollingEveryMinute),
		});
	}
	const checkBalance = examples().find(({ file }) => file === 'check-balance.json').workflow;
	writeRunFile(`import/workflows/${WRONG_KEY_WORKFLOW_ID}.json`, {
		...checkBalance,
		id: WRONG_KEY_WORKFLOW_ID,
		name: 'TZSMM Pay: check the balance with a wrong key',
		nodes: checkBalance.nodes.map((node) =>
			node.credentials ? { ...node, credentials: { tzsmmPayApi: WRONG_KEY_CREDENTIAL } } : node,
		),
	});
	writeRunFile(`import/workflows/${PLACE_ORDER_AS_SHIPPED_ID}.json`, {
		...readExample('place-order-and-check-status.json'),
		id: PLACE_ORDER_AS_SHIPPED_ID,
	});
	const workflows = await n8nCliOrFail('import-workflows', [
		'import:workflow',
		'--separate',
		`--input=${path.join(runDir, 'import/workflows')}`,
	]);

	const outputs = { credentials: credentials.output, workflows: workflows.output };
	fs.writeFileSync(record, JSON.stringify(outputs));
	return outputs;
}

/**
 * The same credentials and workflows imported into another database (`extraEnv` holds its DB_*
 * settings): the queue-mode run's PostgreSQL.
 */
async function importExamplesInto(extraEnv) {
	const { runDir } = readRunState();
	await ensureImported();
	await n8nCliOrFail(
		'import-credentials-queue',
		['import:credentials', `--input=${path.join(runDir, 'import/credentials.json')}`],
		extraEnv,
	);
	await n8nCliOrFail(
		'import-workflows-queue',
		['import:workflow', '--separate', `--input=${path.join(runDir, 'import/workflows')}`],
		extraEnv,
	);
}

/**
 * n8n import:credentials and import:workflow of an e2e file's own credentials and workflows (each
 * with its `id`), written under import/<folder>/ of the run folder; before `n8n start`.
 */
async function importOwn(folder, credentials, workflows) {
	const credentialsFile = writeRunFile(`import/${folder}/credentials.json`, credentials);
	await n8nCliOrFail(`import-${folder}-credentials`, [
		'import:credentials',
		`--input=${credentialsFile}`,
	]);
	for (const workflow of workflows) {
		writeRunFile(`import/${folder}/workflows/${workflow.id}.json`, workflow);
	}
	await n8nCliOrFail(`import-${folder}-workflows`, [
		'import:workflow',
		'--separate',
		`--input=${path.join(readRunState().runDir, `import/${folder}/workflows`)}`,
	]);
}

module.exports = {
	examples,
	ensureImported,
	importOwn,
	importExamplesInto,
	PLACE_ORDER_AS_SHIPPED_ID,
	pollingEveryMinute,
	SANDBOX_CREDENTIAL,
	SHOP_HEADER,
	WRONG_KEY_CREDENTIAL,
	WRONG_KEY_WORKFLOW_ID,
};
