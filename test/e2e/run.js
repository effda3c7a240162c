// npm run test:e2e: the packed package inside a real n8n (CONTRIBUTING.md's "End-to-end tests" section).
// Prepares what the tests need, runs them with jest (extra arguments go to jest), and stops every
// process the run started, whether the tests passed, failed or crashed.
'use strict';

const { spawn, execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { repoRoot, chromiumPath, N8N_VERSIONS, toolchainOf } = require('../../real-n8n/toolchain');
const { stopAll } = require('../../real-n8n/processes');
const { RUN_DIR_VARIABLE, writeRunState } = require('../../real-n8n/run-state');
const { freePort } = require('../../real-n8n/n8n');

/** Processes whose command line names the run folder (Chromium's --user-data-dir is in it). */
function processesNaming(runDir) {
	const found = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
		try {
			const commandLine = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
			if (commandLine.includes(runDir)) found.push(Number(entry));
		} catch {
			// The process ended while we looked.
		}
	}
	return found;
}

async function stopEverything(runDir) {
	const stopped = await stopAll(runDir);
	for (const pid of processesNaming(runDir)) {
		try {
			process.kill(pid, 'SIGKILL');
			stopped.push(pid);
		} catch {
			// Already gone.
		}
	}
	if (stopped.length > 0)
		console.log(`e2e: stopped what was still running: PIDs ${stopped.join(', ')}`);
}

async function main() {
	if (!fs.existsSync(chromiumPath)) {
		console.error(
			`e2e: ${chromiumPath} is missing; install Debian's Chromium: apt-get install chromium`,
		);
		return 1;
	}
	// Every n8n the tests run on: 2.41.1 for all files, 1.123.81 for 08-n8n-versions.
	for (const version of N8N_VERSIONS)
		toolchainOf(version).ensure((line) => console.log(`e2e: ${line}`));

	console.log('e2e: building the package');
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, stdio: 'inherit' });

	const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tzsmmpay-e2e-'));
	const userFolder = path.join(runDir, 'user');
	const screenshotDir = path.join(repoRoot, '.cache/e2e-screenshots');
	fs.mkdirSync(userFolder);
	fs.rmSync(screenshotDir, { recursive: true, force: true });
	fs.mkdirSync(screenshotDir, { recursive: true });
	writeRunState(runDir, {
		userFolder,
		screenshotDir,
		sandboxPort: await freePort(),
		apiKey: `e2e-key-${crypto.randomBytes(12).toString('hex')}`,
		wrongApiKey: `e2e-wrong-${crypto.randomBytes(12).toString('hex')}`,
	});
	console.log(`e2e: run folder ${runDir}`);

	const stopOnSignal = (signal) => {
		stopEverything(runDir).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
	};
	process.once('SIGINT', stopOnSignal);
	process.once('SIGTERM', stopOnSignal);

	const jestBin = require.resolve('jest/bin/jest', { paths: [repoRoot] });
	const jest = spawn(
		process.execPath,
		[jestBin, '--config', 'test/e2e/jest.config.js', '--runInBand', ...process.argv.slice(2)],
		{ cwd: repoRoot, stdio: 'inherit', env: { ...process.env, [RUN_DIR_VARIABLE]: runDir } },
	);
	const code = await new Promise((resolve) =>
		jest.on('close', (exitCode) => resolve(exitCode ?? 1)),
	);

	await stopEverything(runDir);
	if (code === 0) {
		fs.rmSync(runDir, { recursive: true, force: true });
	} else {
		console.log(`e2e: logs of the failed run are in ${path.join(runDir, 'logs')}`);
	}
	return code;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
