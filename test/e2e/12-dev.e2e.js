/**
 * `npm run dev`, as the README tells a contributor to run it: a first start that installs the
 * package and imports the workflows, signed in to over REST, its listening sockets all on
 * 127.0.0.1, stopped by Ctrl-C (SIGINT to its process group, as a terminal sends it) with nothing
 * left running; then a second start in check mode, which reuses the folder, runs its own checks and
 * stops. Each start's "ready in" time is printed for the record, not asserted.
 */
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { shippedWorkflows } = require('../../real-n8n/examples');
const { repoRoot } = require('../../real-n8n/toolchain');
const { freePort } = require('../../real-n8n/n8n');
const { isAlive, stopAll } = require('../../real-n8n/processes');
const { ok, signIn, waitFor } = require('../../real-n8n/rest');
const { readRunState } = require('../../real-n8n/run-state');

const folder = path.join(readRunState().runDir, 'dev');

/** `npm run dev -- <args>` in a process group of its own; resolves its output lines as they come. */
function startDev(args) {
	const child = spawn('npm', ['run', 'dev', '--silent', '--', '--folder', folder, ...args], {
		cwd: repoRoot,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	for (const stream of [child.stdout, child.stderr])
		stream.on('data', (chunk) => (output += chunk));
	const exited = new Promise((resolve) =>
		child.on('close', (code, signal) => resolve({ code, signal })),
	);
	const waitForLine = (pattern) =>
		waitFor(
			`npm run dev to print ${pattern}`,
			async () => {
				if (child.exitCode !== null) throw new Error(`npm run dev ended:\n${output}`);
				return pattern.exec(output) ?? undefined;
			},
			300000,
		);
	return { child, exited, waitForLine, output: () => output };
}

/** The PIDs of `pid` and every process below it, from /proc. */
function processTree(pid) {
	const parents = new Map();
	for (const entry of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			// The fields after the command name, which is in parentheses and may hold spaces.
			const [, , parent] = stat.slice(stat.lastIndexOf(')') + 1).split(' ');
			parents.set(Number(entry), Number(parent));
		} catch {
			// The process ended while we looked.
		}
	}
	const tree = [pid];
	for (let index = 0; index < tree.length; index++) {
		for (const [child, parent] of parents) if (parent === tree[index]) tree.push(child);
	}
	return tree;
}

/** The local addresses (as /proc/net/tcp* writes them) of the TCP sockets `pids` listen on. */
function listeningAddresses(pids) {
	const inodes = new Set();
	for (const pid of pids) {
		let fds = [];
		try {
			fds = fs.readdirSync(`/proc/${pid}/fd`);
		} catch {
			continue;
		}
		for (const fd of fds) {
			try {
				const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
				const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
				if (inode) inodes.add(inode);
			} catch {
				// Closed meanwhile.
			}
		}
	}
	const addresses = [];
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		for (const line of fs.readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
			const fields = line.trim().split(/\s+/);
			const [localAddress, , state] = fields.slice(1, 4);
			// 0A: LISTEN; field 9 is the socket's inode.
			if (state === '0A' && inodes.has(fields[9])) addresses.push(localAddress.split(':')[0]);
		}
	}
	return addresses;
}

/** 127.0.0.1 in /proc/net/tcp, and ::1 and ::ffff:127.0.0.1 in tcp6. */
const LOOPBACK = [
	'0100007F',
	'00000000000000000000000001000000',
	'0000000000000000FFFF00000100007F',
];

const readyTime = (output) => /\(ready in (\d+) s\)/.exec(output)?.[1];

afterAll(async () => {
	// A failed test must not leave n8n running: what dev started is in its pids file.
	await stopAll(folder);
});

test('a first start: n8n with both nodes, signed in to over REST, on 127.0.0.1 only; Ctrl-C stops everything', async () => {
	const port = await freePort();
	const dev = startDev(['--port', String(port)]);

	const [, url] = await dev.waitForLine(/n8n 2\.41\.1 with n8n-nodes-tzsmmpay: (\S+)/);
	const [, email, password] = await dev.waitForLine(/log in as (\S+), password (\S+)/);
	await dev.waitForLine(/dev: watching the source/);
	console.log(`npm run dev, first start: ready in ${readyTime(dev.output())} s`);

	expect(url).toBe(`http://127.0.0.1:${port}`);
	expect(dev.output()).toContain(`credentials and ${shippedWorkflows().length} workflows`);
	const rest = await signIn(url, { email, password });
	const nodeTypes = ok(await rest.get('/types/nodes.json')).map((node) => node.name);
	expect(nodeTypes).toEqual(
		expect.arrayContaining([
			'n8n-nodes-tzsmmpay.tzsmmPay',
			'n8n-nodes-tzsmmpay.tzsmmPayTool',
			'n8n-nodes-tzsmmpay.tzsmmPayTrigger',
		]),
	);
	const tree = processTree(dev.child.pid);
	const listening = listeningAddresses(tree);
	// n8n, its task broker, the sandbox, SMTP, WooCommerce, the Stripe proxy and the model at least.
	expect(listening.length).toBeGreaterThanOrEqual(7);
	expect(listening.filter((address) => !LOOPBACK.includes(address))).toEqual([]);

	process.kill(-dev.child.pid, 'SIGINT');
	const exit = await dev.exited;

	// dev stops what it started and exits 0; npm, given the same SIGINT, ends by that signal.
	expect([
		{ code: 0, signal: null },
		{ code: null, signal: 'SIGINT' },
	]).toContainEqual(exit);
	// npm may end before dev has stopped the last of n8n's task runners: waited for, up to 30 s.
	await waitFor(
		'the processes of npm run dev to end',
		async () => (tree.some(isAlive) ? undefined : true),
		30000,
	).catch(() => {});
	expect(tree.filter(isAlive)).toEqual([]);
	const answered = await fetch(url).then(
		() => true,
		() => false,
	);
	expect(answered).toBe(false);
});

test('a second start in check mode reuses the folder, passes its checks and stops', async () => {
	const dev = startDev(['--check', '--port', String(await freePort())]);

	const exit = await dev.exited;
	console.log(`npm run dev, second start: ready in ${readyTime(dev.output())} s`);

	expect(exit).toEqual({ code: 0, signal: null });
	expect(dev.output()).not.toContain('importing');
	for (const check of [
		'logged in as the owner: ok',
		'n8n-nodes-tzsmmpay.tzsmmPay in /types/nodes.json: ok',
		'n8n-nodes-tzsmmpay.tzsmmPayTrigger in /types/nodes.json: ok',
		`${shippedWorkflows().length} workflows imported, none published: ok`,
		'the balance example answers from the sandbox: ok',
		'check passed',
	]) {
		expect(dev.output()).toContain(check);
	}
});
