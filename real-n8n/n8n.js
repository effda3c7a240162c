// A real n8n, run as its users run it: the `n8n` CLI on Node 24, with a user folder of the run's
// own (or one given in N8N_USER_FOLDER), and everything bound to 127.0.0.1.
'use strict';

const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const axios = require('axios');

const { toolchainOf } = require('./toolchain');
const {
	childEnv,
	startProcess,
	runProcess,
	stopProcessGroup,
	killProcessGroup,
} = require('./processes');
const { readRunState } = require('./run-state');

/** Fixed, so that the credentials the run imports can be read back by every n8n it starts. */
const ENCRYPTION_KEY = 'tzsmmpay-e2e-fixed-encryption-key';

/** A TCP port that nothing listens on right now, on 127.0.0.1. */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/**
 * The environment of every n8n process: the machine's, less any N8N_* / DB_* settings it may
 * carry, plus the run's user folder, the fixed key, its own task-broker port, JSON logs, and
 * n8n's calls home turned off.
 */
async function n8nEnv(extra = {}, toolchain = toolchainOf()) {
	const { userFolder } = readRunState();
	const env = Object.fromEntries(
		Object.entries(childEnv()).filter(([name]) => !/^(N8N_|DB_|EXECUTIONS_|QUEUE_)/.test(name)),
	);
	return {
		...env,
		PATH: toolchain.node24Path(env.PATH),
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_LOG_FORMAT: 'json',
		N8N_LOG_LEVEL: 'debug',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		// Nor n8n's list of verified community nodes (nor, in 2.x, its MCP server registry, see
		// toolchain.js): both would be fetched from api.n8n.io.
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		...toolchain.environment,
		...extra,
	};
}

/**
 * Runs one `n8n <args>` command to its end (n8n's import commands, `n8n execute`), with
 * `extraEnv` over the usual environment (the queue-mode run's database), on the n8n of
 * `toolchain` (real-n8n/toolchain.js; the current n8n unless another is given).
 */
async function n8nCli(name, args, extraEnv = {}, toolchain = toolchainOf()) {
	const { runDir } = readRunState();
	return runProcess(runDir, name, toolchain.node24, [toolchain.n8nBin, ...args], {
		env: await n8nEnv(extraEnv, toolchain),
	});
}

/** `n8nCli`, failing with n8n's output unless the command exits 0 (n8n's import commands). */
async function n8nCliOrFail(name, args, extraEnv = {}, toolchain = toolchainOf()) {
	const result = await n8nCli(name, args, extraEnv, toolchain);
	if (result.code !== 0) throw new Error(`n8n ${args.join(' ')} failed:\n${result.output}`);
	return result;
}

/** The lines n8n logged (N8N_LOG_FORMAT=json), parsed; lines that are not JSON are skipped. */
function logLines(output) {
	return output
		.split('\n')
		.filter((line) => line.startsWith('{'))
		.flatMap((line) => {
			try {
				return [JSON.parse(line)];
			} catch {
				return [];
			}
		});
}

/**
 * The execution `n8n execute` printed: the message of the line its base command logs, which is
 * the JSON of the run. Undefined when there is none (a failed run prints its error instead).
 */
function executionResult(output) {
	for (const line of logLines(output)) {
		if (line.metadata?.file !== 'base-command.js') continue;
		try {
			const result = JSON.parse(line.message);
			if (result?.data?.resultData) return result;
		} catch {
			// Another line of the base command, such as "Execution was successful:".
		}
	}
	return undefined;
}

/**
 * `n8n execute --id=<workflowId>` on the n8n of `toolchain`: its exit, its output, the execution it
 * printed, and whether that run succeeded. n8n 2.41.1's CLI now and then dies by a signal in its
 * own exit, after the run is saved and printed (its log then shows the expression engine setting up
 * an isolate again as the process ends): once in about 90 runs here, and once in a CI run. That
 * death belongs to n8n's exit, not to the run, so it counts as success when the run printed says
 * so; a non-zero exit code, no run printed, or a run that failed, does not.
 */
async function executeByCli(name, workflowId, extraEnv = {}, toolchain = toolchainOf()) {
	const { code, signal, output } = await n8nCli(
		name,
		['execute', `--id=${workflowId}`],
		extraEnv,
		toolchain,
	);
	const execution = executionResult(output);
	const ranToSuccess = execution?.status === 'success';
	const diedInExit = code === null && signal !== null && ranToSuccess;
	if (diedInExit) {
		console.log(
			`n8n execute --id=${workflowId}: the run succeeded, then n8n died by ${signal} in its exit`,
		);
	}
	const succeeded = ranToSuccess && (code === 0 || diedInExit);
	return { code, signal, output, execution, succeeded };
}

/** Why an `executeByCli` result did not succeed: its exit, n8n's errors and the end of its output. */
function cliFailure(workflowId, { code, signal, output }) {
	const errors = logLines(output)
		.filter((line) => line.level === 'error')
		.map((line) => line.message);
	return [
		`n8n execute --id=${workflowId} did not succeed (exit code ${code}, signal ${signal})`,
		...errors,
		'The end of its output:',
		output.slice(-3000),
	].join('\n');
}

/**
 * `n8n start` on a free port of 127.0.0.1 (or extraEnv's N8N_PORT: a restart on the same address),
 * with `extraEnv` over the usual environment, its output in logs/<name>.log, on the n8n of
 * `toolchain`; resolves once n8n answers its readiness check and its REST API. `kill()` ends it as a
 * crash does (SIGKILL), `stop()` as an operator does.
 */
async function startN8nServer(extraEnv = {}, name = 'n8n-start', toolchain = toolchainOf()) {
	const { runDir } = readRunState();
	const port = extraEnv.N8N_PORT ? Number(extraEnv.N8N_PORT) : await freePort();
	const server = startProcess(runDir, name, toolchain.node24, [toolchain.n8nBin, 'start'], {
		env: await n8nEnv({ ...extraEnv, N8N_PORT: String(port) }, toolchain),
	});
	const baseUrl = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 180000;
	let exited = false;
	server.exited.then(() => (exited = true));
	// n8n 1.x answers its readiness check before it has mounted its REST API: wait for both.
	const answers = (url) =>
		axios
			.get(`${baseUrl}${url}`, { validateStatus: () => true, timeout: 2000 })
			.then((response) => response.status === 200)
			.catch(() => false);
	while (Date.now() < deadline && !exited) {
		if ((await answers('/healthz/readiness')) && (await answers('/rest/settings'))) {
			return {
				baseUrl,
				port,
				output: server.output,
				stop: () => stopProcessGroup(server.pid),
				kill: () => killProcessGroup(server.pid),
			};
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	await stopProcessGroup(server.pid);
	throw new Error(`n8n did not become ready; its log: ${server.logPath}`);
}

/**
 * `n8n worker` (queue mode) with `extraEnv` over the usual environment; resolves once it logged
 * that it is ready to take executions from the queue.
 */
async function startN8nWorker(name, extraEnv = {}, concurrency = 10) {
	const { runDir } = readRunState();
	const { node24, n8nBin } = toolchainOf();
	const worker = startProcess(
		runDir,
		name,
		node24,
		[n8nBin, 'worker', `--concurrency=${concurrency}`],
		{ env: await n8nEnv(extraEnv) },
	);
	const deadline = Date.now() + 180000;
	let exited = false;
	worker.exited.then(() => (exited = true));
	while (Date.now() < deadline && !exited) {
		if (worker.output().includes('n8n worker is now ready')) {
			return {
				name,
				pid: worker.pid,
				output: worker.output,
				exited: worker.exited,
				stop: () => stopProcessGroup(worker.pid),
			};
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	await stopProcessGroup(worker.pid);
	throw new Error(`n8n worker ${name} did not become ready; its log: ${worker.logPath}`);
}

/** Writes `data` as JSON into the run folder and returns the path, for n8n's import commands. */
function writeRunFile(relativePath, data) {
	const { runDir } = readRunState();
	const file = path.join(runDir, relativePath);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, JSON.stringify(data, null, '\t'));
	return file;
}

module.exports = {
	n8nCli,
	n8nCliOrFail,
	startN8nServer,
	startN8nWorker,
	executionResult,
	executeByCli,
	cliFailure,
	logLines,
	writeRunFile,
	freePort,
};
