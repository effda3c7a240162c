// npm run test:e2e: the packed package inside a real n8n (CONTRIBUTING.md's "End-to-end tests" section).
// Prepares what the tests need, runs them with jest in two lanes side by side (extra arguments go to
// jest), and stops every process the run started, whether the tests passed, failed or crashed.
'use strict';

const { spawn, execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');

const { repoRoot, chromiumPath, CURRENT_N8N, toolchainOf } = require('../../real-n8n/toolchain');
const { packPackage, recordPacked } = require('../../real-n8n/package');
const { stopAll } = require('../../real-n8n/processes');
const {
	RUN_DIR_VARIABLE,
	LANE_FILES_VARIABLE,
	writeRunState,
} = require('../../real-n8n/run-state');
const { freePort } = require('../../real-n8n/n8n');

/**
 * The e2e files in two lanes that run at once, each a jest process with its own run folder (user
 * folder, sandbox port, keys), so each lane's n8n has a database of its own. Most of the time of
 * 06 (queue mode) and 10 (the ledger) is waiting: retry ticks, staleSeconds, n8n killed and
 * restarted, which the other lane's work fills. Within a lane the files run in name order, one at
 * a time.
 */
const LANES = [
	[
		'01-package',
		'02-examples',
		'03-server',
		'04-editor',
		'05-automations',
		'07-shops',
		'08-n8n-versions',
		'11-shop-setup',
		'12-dev',
	],
	['06-queue-mode', '09-agents', '10-sales-ledger'],
];

/** The lanes' file names, checked against the folder: a file in no lane, or in two, stops the run. */
function lanesOfFiles() {
	const files = fs
		.readdirSync(__dirname)
		.filter((name) => name.endsWith('.e2e.js'))
		.map((name) => name.slice(0, -'.e2e.js'.length));
	const laned = LANES.flat();
	const unplaced = files.filter((name) => !laned.includes(name));
	const unknown = laned.filter((name) => !files.includes(name));
	const twice = laned.filter((name, index) => laned.indexOf(name) !== index);
	if (unplaced.length + unknown.length + twice.length > 0) {
		throw new Error(
			`test/e2e/run.js LANES must name every e2e file once: not in a lane: [${unplaced}], no such file: [${unknown}], in two lanes: [${twice}]`,
		);
	}
	return LANES;
}

/**
 * Jest's own arguments, without the JSON report the caller asked for: each lane writes its own,
 * and the run writes their sum there (`--json --outputFile=<file>`, as .ci/run passes them).
 */
function splitReportArguments(args) {
	const jestArgs = [];
	let reportFile;
	for (let index = 0; index < args.length; index++) {
		const arg = args[index];
		if (arg === '--json') continue;
		if (arg.startsWith('--outputFile=')) reportFile = arg.slice('--outputFile='.length);
		else if (arg === '--outputFile') reportFile = args[++index];
		else jestArgs.push(arg);
	}
	return { jestArgs, reportFile };
}

/** One jest report of the lanes' reports: their counts summed, their files' results in one list. */
function mergeReports(reports) {
	const merged = { ...reports[0] };
	for (const field of Object.keys(reports[0])) {
		if (field.startsWith('num')) merged[field] = reports.reduce((sum, r) => sum + r[field], 0);
	}
	merged.success = reports.every((report) => report.success);
	merged.startTime = Math.min(...reports.map((report) => report.startTime));
	merged.testResults = reports.flatMap((report) => report.testResults);
	return merged;
}

/** Runs a lane's files with jest, its output prefixed with the lane's name; resolves jest's exit code. */
function runLane(name, files, laneDir, jestArgs, reportFile) {
	const jestBin = require.resolve('jest/bin/jest', { paths: [repoRoot] });
	const jest = spawn(
		process.execPath,
		[
			jestBin,
			'--config',
			'test/e2e/jest.config.js',
			'--runInBand',
			'--passWithNoTests',
			'--json',
			`--outputFile=${reportFile}`,
			...jestArgs,
		],
		{
			cwd: repoRoot,
			stdio: ['ignore', 'pipe', 'pipe'],
			env: {
				...process.env,
				[RUN_DIR_VARIABLE]: laneDir,
				[LANE_FILES_VARIABLE]: files.join(','),
			},
		},
	);
	for (const [stream, target] of [
		[jest.stdout, process.stdout],
		[jest.stderr, process.stderr],
	]) {
		readline
			.createInterface({ input: stream })
			.on('line', (line) => target.write(`[${name}] ${line}\n`));
	}
	return new Promise((resolve) => jest.on('close', (exitCode) => resolve(exitCode ?? 1)));
}

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

async function stopEverything(runDir, laneDirs) {
	const stopped = [];
	for (const laneDir of laneDirs) stopped.push(...(await stopAll(laneDir)));
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
	// The n8n every file runs on; 08-n8n-versions installs n8n 1.123.81 itself, so that a run of
	// another file alone (`npm run test:e2e -- 07`) does not wait for it.
	toolchainOf(CURRENT_N8N).ensure((line) => console.log(`e2e: ${line}`));

	console.log('e2e: building the package');
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, stdio: 'inherit' });

	const lanes = lanesOfFiles();
	const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tzsmmpay-e2e-'));
	const screenshotDir = path.join(repoRoot, '.cache/e2e-screenshots');
	fs.rmSync(screenshotDir, { recursive: true, force: true });
	fs.mkdirSync(screenshotDir, { recursive: true });
	console.log(`e2e: run folder ${runDir}`);

	// Packed once for both lanes: each lane's files install this tarball.
	const tarball = await packPackage(runDir);

	const laneDirs = [];
	for (let index = 0; index < lanes.length; index++) {
		const laneDir = path.join(runDir, `lane-${index + 1}`);
		const userFolder = path.join(laneDir, 'user');
		fs.mkdirSync(userFolder, { recursive: true });
		recordPacked(laneDir, tarball);
		writeRunState(laneDir, {
			userFolder,
			screenshotDir,
			sandboxPort: await freePort(),
			apiKey: `e2e-key-${crypto.randomBytes(12).toString('hex')}`,
			wrongApiKey: `e2e-wrong-${crypto.randomBytes(12).toString('hex')}`,
		});
		laneDirs.push(laneDir);
	}

	const stopOnSignal = (signal) => {
		stopEverything(runDir, laneDirs).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
	};
	process.once('SIGINT', stopOnSignal);
	process.once('SIGTERM', stopOnSignal);

	const { jestArgs, reportFile } = splitReportArguments(process.argv.slice(2));
	const laneReports = laneDirs.map((laneDir) => path.join(laneDir, 'jest-report.json'));
	const codes = await Promise.all(
		lanes.map((files, index) =>
			runLane(`lane ${index + 1}`, files, laneDirs[index], jestArgs, laneReports[index]),
		),
	);

	const reports = laneReports.filter((file) => fs.existsSync(file));
	const report =
		reports.length === lanes.length
			? mergeReports(reports.map((file) => JSON.parse(fs.readFileSync(file, 'utf8'))))
			: undefined;
	if (reportFile && report) fs.writeFileSync(reportFile, JSON.stringify(report));
	let code = codes.every((laneCode) => laneCode === 0) && report ? 0 : 1;
	if (report?.numTotalTests === 0) {
		console.log('e2e: no test matched the arguments in either lane');
		code = 1;
	}
	if (report) {
		console.log(
			`e2e: ${report.numPassedTests} passed, ${report.numFailedTests} failed, in ${report.numTotalTestSuites} files over ${lanes.length} lanes, ${Math.round((Date.now() - report.startTime) / 1000)} s`,
		);
	}

	await stopEverything(runDir, laneDirs);
	if (code === 0) {
		fs.rmSync(runDir, { recursive: true, force: true });
	} else {
		for (const laneDir of laneDirs)
			console.log(`e2e: logs of the failed run are in ${path.join(laneDir, 'logs')}`);
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
