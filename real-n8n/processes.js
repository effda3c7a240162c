// Every process the e2e run starts goes through startProcess(): it runs in its own process group,
// and its PID is appended to the run's pids file, so that stopAll() here, or run.js after jest
// (also when jest itself crashed), can stop it and everything it spawned.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/**
 * The environment of the processes the run starts: this one's, less what jest adds. Under
 * NODE_ENV=test n8n refuses to load nodes and the scanner's lint rules change their behaviour.
 */
function childEnv(extra = {}) {
	const env = { ...process.env, ...extra };
	delete env.NODE_ENV;
	delete env.JEST_WORKER_ID;
	return env;
}

function pidsFile(runDir) {
	return path.join(runDir, 'pids');
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * Starts `command` detached in a new process group and records its PID. Output goes to
 * `<runDir>/logs/<name>.log`, and is also collected in `output()` for assertions.
 */
function startProcess(runDir, name, command, args, options = {}) {
	fs.mkdirSync(path.join(runDir, 'logs'), { recursive: true });
	const logPath = path.join(runDir, 'logs', `${name}.log`);
	const log = fs.createWriteStream(logPath);
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: options.env ?? childEnv(),
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	fs.appendFileSync(pidsFile(runDir), `${child.pid}\n`);
	let output = '';
	for (const stream of [child.stdout, child.stderr]) {
		stream.on('data', (chunk) => {
			output += chunk;
			log.write(chunk);
		});
	}
	const exited = new Promise((resolve) => {
		child.on('close', (code, signal) => {
			log.end();
			resolve({ code, signal });
		});
	});
	return { pid: child.pid, logPath, exited, output: () => output };
}

/** Runs a command to its end; resolves with its exit code and everything it printed. */
async function runProcess(runDir, name, command, args, options = {}) {
	const started = startProcess(runDir, name, command, args, options);
	const { code, signal } = await started.exited;
	return { code, signal, output: started.output() };
}

/** SIGTERM to the process group, then SIGKILL if it is still there after `graceMs`. */
async function stopProcessGroup(pid, graceMs = 10000) {
	const signal = (name) => {
		try {
			process.kill(-pid, name);
		} catch {
			// The group is already gone.
		}
	};
	// Signalled even when the leader is gone: what it spawned may still be in its group.
	signal('SIGTERM');
	const deadline = Date.now() + graceMs;
	while (isAlive(pid) && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	signal('SIGKILL');
}

/** SIGKILL to the process group at once, as a crash or the OOM killer ends it; resolves once it is gone. */
async function killProcessGroup(pid) {
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// The group is already gone.
	}
	while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** Stops every process recorded for the run that is still running. */
async function stopAll(runDir) {
	let pids = [];
	try {
		pids = fs.readFileSync(pidsFile(runDir), 'utf8').split('\n').filter(Boolean).map(Number);
	} catch {
		return [];
	}
	const running = pids.filter(isAlive);
	await Promise.all(pids.map((pid) => stopProcessGroup(pid)));
	return running;
}

module.exports = {
	childEnv,
	isAlive,
	startProcess,
	runProcess,
	stopProcessGroup,
	killProcessGroup,
	stopAll,
};
