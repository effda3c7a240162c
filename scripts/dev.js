// npm run dev: this package in a real n8n 2.41.1 editor on 127.0.0.1, as n8n-node dev gives a node
// author, but with the pinned n8n of real-n8n/ (n8n-node dev runs `npx n8n@latest`, and loads the
// nodes as CUSTOM.*, so the examples' node types would be unknown). The package is built into the
// user folder's .n8n/nodes, where n8n finds a community package; TypeScript rebuilds it on each
// change and n8n reloads it (N8N_DEV_RELOAD). Beside n8n: the sandbox panel and the stand-ins of
// SMTP, WooCommerce, Stripe and OpenAI, with a credential for each and every shipped workflow
// imported, unpublished. Everything listens on 127.0.0.1; n8n's HTTPS goes to the Stripe stand-in's
// proxy, which answers for api.stripe.com only.
//   npm run dev                        until Ctrl-C
//   npm run dev -- --check             set up, check (log in, both nodes, the balance example), stop
//   npm run dev -- --folder <dir>      n8n's data elsewhere than ~/.n8n-nodes-tzsmmpay-dev
//   npm run dev -- --port <port>       the editor elsewhere than 5678
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { createSandbox } = require('../sandbox/server');
const { CURRENT_N8N, repoRoot, toolchainOf } = require('../real-n8n/toolchain');
const { PACKAGE_NAME } = require('../real-n8n/package');
const { RUN_DIR_VARIABLE, writeRunState } = require('../real-n8n/run-state');

const WOO_KEYS = { consumerKey: 'ck_dev_stand_in', consumerSecret: 'cs_dev_stand_in' };
const log = (line) => console.log(`dev: ${line}`);

function argument(name, fallback) {
	const index = process.argv.indexOf(name);
	return index === -1 ? fallback : process.argv[index + 1];
}

const random = (bytes) => crypto.randomBytes(bytes).toString('hex');

/**
 * What the folder keeps from one start to the next: the owner's login, the sandbox's key and the
 * other secrets the credentials hold, and whether the workflows were imported.
 */
function folderState(folder) {
	const file = path.join(folder, 'dev.json');
	const state = fs.existsSync(file)
		? JSON.parse(fs.readFileSync(file, 'utf8'))
		: {
				owner: {
					email: 'owner@example.com',
					firstName: 'Dev',
					lastName: 'Owner',
					password: `Dev-${random(6)}-Pass1`,
				},
				apiKey: `dev-${random(12)}`,
				mcpToken: `dev-mcp-${random(16)}`,
				shopHeader: { name: 'X-Shop-Token', value: `dev-shop-${random(16)}` },
				stripeKey: `sk_live_stand_in_${random(8)}`,
				imported: false,
			};
	return {
		...state,
		save: (changes) => fs.writeFileSync(file, JSON.stringify({ ...state, ...changes }, null, '\t')),
	};
}

/** tsc and gulp into `packageDir`/dist, with package.json beside it: what npm would install. */
function buildCommands(packageDir) {
	const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
	const gulp = path.join(repoRoot, 'node_modules/gulp/bin/gulp.js');
	const outDir = path.join(packageDir, 'dist');
	// Incremental: a second start compiles only what changed since the last.
	const buildInfo = path.join(packageDir, '..', '.tzsmmpay.tsbuildinfo');
	const tscArgs = [tsc, '-p', 'tsconfig.json', '--outDir', outDir, '--incremental'];
	tscArgs.push('--tsBuildInfoFile', buildInfo);
	return {
		buildInfo,
		compile: [process.execPath, tscArgs],
		watch: [process.execPath, [...tscArgs, '--watch', '--preserveWatchOutput']],
		assets: [process.execPath, [gulp, '--silent', 'build:assets'], { TZSMMPAY_BUILD_DIR: outDir }],
	};
}

/** The answers of `npm run dev`'s OpenAI stand-in: the buyer chat's Check Order, and nothing else. */
function devModelScript(body, { toolResults }) {
	const lastUser = body.messages.map((message) => message.role).lastIndexOf('user');
	let results;
	try {
		results = Object.values(toolResults({ messages: body.messages.slice(lastUser + 1) }));
	} catch {
		// A tool's error reaches the model as text, not JSON.
		return { content: 'Check Order failed: its execution in n8n says why.' };
	}
	if (results.length > 0) {
		const [answer] = [results.at(-1)].flat();
		return {
			content: answer?.found
				? `Order ${answer.order} (${answer.product}) is ${answer.status}.`
				: 'I found no order with that number for that e-mail address.',
		};
	}
	const said = String(body.messages[lastUser]?.content ?? '');
	const email = /[^\s@]+@[^\s@]+\.[^\s@]+/.exec(said)?.[0];
	const order = /\b\d+\b/.exec(said.replace(email ?? '', ''))?.[0];
	const tool = (body.tools ?? [])
		.map((offered) => offered.function)
		.find(
			(offered) => offered.parameters?.properties?.email && offered.parameters?.properties?.order,
		);
	if (tool && email && order) return { toolCalls: [{ tool, arguments: { email, order } }] };
	return {
		content:
			"This is npm run dev's stand-in for OpenAI. Write the e-mail address and the order number in one message, and I will check the order.",
	};
}

/** The credentials the shipped workflows name, pointed at this start's sandbox and stand-ins. */
function devCredentials(state, { sandboxUrl, smtp, woo, model }) {
	const { shopCredentials } = require('../real-n8n/shop-workflows');
	return [
		...shopCredentials({
			apiKey: state.apiKey,
			sandboxUrl,
			smtpPort: smtp.port,
			shopHeader: state.shopHeader,
			woo: { baseUrl: woo.baseUrl, ...WOO_KEYS },
			stripeKey: state.stripeKey,
		}),
		{
			id: 'openai-account',
			name: 'OpenAI account',
			type: 'openAiApi',
			data: { apiKey: 'sk-dev-stand-in', url: model.baseUrl, header: false },
		},
		{
			id: 'tzsmmpay-mcp-token',
			name: 'TZSMM Pay MCP token',
			type: 'httpBearerAuth',
			data: { token: state.mcpToken },
		},
	];
}

/**
 * `--check`: what a user sees first, checked over n8n's REST API as the editor calls it: the login,
 * both nodes among n8n's node types, every shipped workflow imported and unpublished, and the
 * balance example run against the sandbox. Returns the failures.
 */
async function checkEditor(rest, { owner, shipped }) {
	const { ok } = require('../real-n8n/rest');
	const { runDataOf, runFromTrigger } = require('../real-n8n/shop-workflows');
	const failures = [];
	const check = (what, passed, detail) => {
		log(`check: ${what}: ${passed ? 'ok' : `FAILED (${detail})`}`);
		if (!passed) failures.push(what);
	};
	const me = ok(await rest.get('/rest/login')).data;
	check('logged in as the owner', me.email === owner.email, me.email);
	const types = ok(await rest.get('/types/nodes.json')).map((node) => node.name);
	for (const node of [`${PACKAGE_NAME}.tzsmmPay`, `${PACKAGE_NAME}.tzsmmPayTrigger`]) {
		check(`${node} in /types/nodes.json`, types.includes(node), 'not listed');
	}
	const workflows = ok(await rest.get('/rest/workflows')).data;
	const active = workflows.filter((workflow) => workflow.active);
	check(
		`${shipped.length} workflows imported, none published`,
		workflows.length === shipped.length && active.length === 0,
		`${workflows.length} imported, ${active.length} published`,
	);
	const balanceExample = shipped.find(({ id }) => id === 'check-balance').workflow;
	const trigger = balanceExample.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	const execution = await runFromTrigger(rest, 'check-balance', trigger.name);
	const balance = runDataOf(execution)['Get Balance']?.[0]?.data?.main?.[0]?.[0]?.json;
	check(
		'the balance example answers from the sandbox',
		execution.status === 'success' && balance?.balance === 25 && balance.currency === 'USD',
		`${execution.status}: ${JSON.stringify(balance)}`,
	);
	return failures;
}

async function main() {
	const checkOnly = process.argv.includes('--check');
	const folder = path.resolve(
		argument('--folder', path.join(os.homedir(), '.n8n-nodes-tzsmmpay-dev')),
	);
	const port = Number(argument('--port', '5678'));
	const started = Date.now();

	toolchainOf(CURRENT_N8N).ensure(log);
	fs.mkdirSync(folder, { recursive: true });
	// The processes of an earlier start ended with it; their PIDs may belong to others by now.
	fs.rmSync(path.join(folder, 'pids'), { force: true });
	const state = folderState(folder);
	const userFolder = path.join(folder, 'user');
	writeRunState(folder, {
		userFolder,
		sandboxPort: 0,
		apiKey: state.apiKey,
		wrongApiKey: '',
		screenshotDir: folder,
	});
	process.env[RUN_DIR_VARIABLE] = folder;
	// Loaded once the run state is set: they read it.
	const { n8nCliOrFail, startN8nServer, writeRunFile } = require('../real-n8n/n8n');
	const { runProcess, startProcess, stopAll, childEnv } = require('../real-n8n/processes');
	const { ok, signIn } = require('../real-n8n/rest');
	const { shippedWorkflows } = require('../real-n8n/examples');
	const { startSmtpServer } = require('../stand-ins/smtp');
	const { startStripe } = require('../stand-ins/stripe');
	const { startWooCommerce } = require('../stand-ins/woocommerce');
	const { startScriptedModel, toolResults } = require('../stand-ins/openai');

	const closers = [];
	let stopping;
	const stop = () =>
		(stopping ??= (async () => {
			await stopAll(folder);
			for (const close of closers.reverse()) await close().catch(() => {});
		})());
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.once(signal, () => {
			log('stopping n8n, the watcher, the sandbox and the stand-ins');
			stop().then(() => process.exit(0));
		});
	}

	try {
		const packageDir = path.join(userFolder, '.n8n/nodes/node_modules', PACKAGE_NAME);
		const build = buildCommands(packageDir);
		// tsc trusts its build info: without the output it describes, it would emit nothing.
		if (!fs.existsSync(path.join(packageDir, 'dist'))) fs.rmSync(build.buildInfo, { force: true });
		fs.mkdirSync(packageDir, { recursive: true });
		fs.copyFileSync(path.join(repoRoot, 'package.json'), path.join(packageDir, 'package.json'));
		log(`building the package into ${packageDir}`);
		for (const [command, args, env] of [build.compile, build.assets]) {
			const result = await runProcess(folder, 'build', command, args, {
				cwd: repoRoot,
				env: childEnv(env),
			});
			if (result.code !== 0) throw new Error(`the build failed:\n${result.output}`);
		}

		const sandbox = createSandbox({ apiKey: state.apiKey });
		const { baseUrl: sandboxUrl } = await sandbox.listen();
		closers.push(() => sandbox.close());
		const smtp = await startSmtpServer();
		closers.push(smtp.close);
		const woo = await startWooCommerce(WOO_KEYS);
		closers.push(woo.close);
		const stripe = await startStripe({
			secretKey: state.stripeKey,
			caFile: path.join(folder, 'stripe-ca.pem'),
		});
		closers.push(stripe.close);
		const model = await startScriptedModel();
		model.script = (body) => devModelScript(body, { toolResults });
		closers.push(model.close);

		const credentials = devCredentials(state, { sandboxUrl, smtp, woo, model });
		const shipped = shippedWorkflows();
		if (!state.imported) {
			log(`importing ${credentials.length} credentials and ${shipped.length} workflows`);
			const file = writeRunFile('import/credentials.json', credentials);
			await n8nCliOrFail('import-credentials', ['import:credentials', `--input=${file}`]);
			for (const { id, workflow } of shipped) {
				writeRunFile(`import/workflows/${id}.json`, { ...workflow, id, active: false });
			}
			await n8nCliOrFail('import-workflows', [
				'import:workflow',
				'--separate',
				`--input=${path.join(folder, 'import/workflows')}`,
			]);
			state.save({ imported: true });
		}

		log(`starting n8n ${CURRENT_N8N}`);
		const n8n = await startN8nServer(
			{ N8N_PORT: String(port), N8N_DEV_RELOAD: 'true', N8N_LOG_LEVEL: 'info', ...stripe.n8nEnv() },
			'n8n',
		);
		const rest = await signIn(n8n.baseUrl, state.owner);
		// The stand-ins listen on new ports at each start: the credentials follow them.
		for (const { id, name, type, data } of credentials) {
			ok(await rest.patch(`/rest/credentials/${id}`, { name, type, data }));
		}

		console.log(
			[
				'',
				`  n8n ${CURRENT_N8N} with ${PACKAGE_NAME}: ${n8n.baseUrl}  (ready in ${Math.round((Date.now() - started) / 1000)} s)`,
				`  log in as ${state.owner.email}, password ${state.owner.password}`,
				`  TZSMM Pay sandbox: ${sandboxUrl}, API key ${state.apiKey} (credential "TZSMM Pay sandbox")`,
				`  stand-ins: SMTP 127.0.0.1:${smtp.port}, WooCommerce ${woo.baseUrl}, Stripe and OpenAI, each in its credential`,
				`  every example and automation is imported, unpublished; n8n's log and data: ${folder}`,
				'',
			].join('\n'),
		);

		if (checkOnly) {
			const failures = await checkEditor(rest, { owner: state.owner, shipped });
			await stop();
			log(failures.length === 0 ? 'check passed' : `check FAILED: ${failures.join('; ')}`);
			process.exitCode = failures.length === 0 ? 0 : 1;
			return;
		}

		const [command, args] = build.watch;
		const watcher = startProcess(folder, 'tsc-watch', command, args, { cwd: repoRoot });
		let builds = 0;
		setInterval(() => {
			const done = watcher.output().match(/Found \d+ errors?\./g) ?? [];
			for (const line of done.slice(builds)) {
				// The first is the watcher's own build, of what was just built.
				if (builds > 0) log(`rebuilt (${line}): reload the editor page`);
				builds += 1;
			}
		}, 500);
		log('watching the source; an icon or codex change needs a restart. Ctrl-C stops everything.');
	} catch (error) {
		await stop();
		throw error;
	}
}

main().catch((error) => {
	console.error(`dev: ${error.stack ?? error}`);
	process.exit(1);
});
