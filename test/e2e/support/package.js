// The package as n8n's Community Nodes installs it: packed with npm pack, installed into
// <N8N_USER_FOLDER>/.n8n/nodes without dev or peer dependencies.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { repoRoot } = require('./toolchain');
const { runProcess } = require('./processes');
const { readRunState } = require('./run-state');

const PACKAGE_NAME = 'n8n-nodes-tzsmmpay';

function nodesDir() {
	return path.join(readRunState().userFolder, '.n8n/nodes');
}

async function npm(name, args, cwd) {
	const { runDir } = readRunState();
	const result = await runProcess(runDir, name, 'npm', args, { cwd });
	if (result.code !== 0) throw new Error(`npm ${args.join(' ')} failed:\n${result.output}`);
	return result.output;
}

/** npm pack into the run folder; returns the tarball's path. */
async function packPackage() {
	const { runDir } = readRunState();
	const output = await npm('npm-pack', ['pack', '--json', '--pack-destination', runDir], repoRoot);
	const [{ filename }] = JSON.parse(output.slice(output.indexOf('[')));
	return path.join(runDir, filename);
}

/** npm install <tarball> in .n8n/nodes, as Community Nodes does. */
async function installIntoN8n(tarball) {
	const dir = nodesDir();
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }),
	);
	await npm(
		'npm-install-package',
		[
			'install',
			'--omit=dev',
			'--omit=peer',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			tarball,
		],
		dir,
	);
	return path.join(dir, 'node_modules', PACKAGE_NAME);
}

/** Unpacks the tarball into the run folder; returns the package folder. */
async function unpack(tarball) {
	const { runDir } = readRunState();
	const target = path.join(runDir, 'unpacked');
	fs.mkdirSync(target, { recursive: true });
	const result = await runProcess(runDir, 'tar', 'tar', ['-xzf', tarball, '-C', target]);
	if (result.code !== 0) throw new Error(`tar failed: ${result.output}`);
	return path.join(target, 'package');
}

/** The scanner's checks on a folder: { passed, message, details }. */
async function scanPackage(folder, patterns) {
	const { runDir } = readRunState();
	const script = path.join(__dirname, 'scan-package.mjs');
	const result = await runProcess(runDir, 'scan', process.execPath, [script, folder, ...patterns]);
	const line = result.output.split('\n').find((text) => text.startsWith('{"passed"'));
	if (!line) throw new Error(`the scanner printed no result:\n${result.output}`);
	return JSON.parse(line);
}

/**
 * Packs and installs the package once per run, so that any e2e file can also run on its own:
 * returns the tarball and the installed folder.
 */
async function ensureInstalled() {
	const { runDir } = readRunState();
	const record = path.join(runDir, 'installed.json');
	if (fs.existsSync(record)) return JSON.parse(fs.readFileSync(record, 'utf8'));
	const tarball = await packPackage();
	const installedDir = await installIntoN8n(tarball);
	fs.writeFileSync(record, JSON.stringify({ tarball, installedDir }));
	return { tarball, installedDir };
}

module.exports = { PACKAGE_NAME, nodesDir, ensureInstalled, unpack, scanPackage };
