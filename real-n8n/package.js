// The package as n8n's Community Nodes installs it: packed with npm pack, installed into
// <N8N_USER_FOLDER>/.n8n/nodes without dev or peer dependencies.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { repoRoot } = require('./toolchain');
const { runProcess } = require('./processes');
const { readRunState } = require('./run-state');

const PACKAGE_NAME = 'n8n-nodes-tzsmmpay';

function nodesDir(userFolder = readRunState().userFolder) {
	return path.join(userFolder, '.n8n/nodes');
}

async function npm(runDir, name, args, cwd) {
	const result = await runProcess(runDir, name, 'npm', args, { cwd });
	if (result.code !== 0) throw new Error(`npm ${args.join(' ')} failed:\n${result.output}`);
	return result.output;
}

/** npm pack into `runDir`; returns the tarball's path. */
async function packPackage(runDir) {
	const output = await npm(
		runDir,
		'npm-pack',
		['pack', '--json', '--pack-destination', runDir],
		repoRoot,
	);
	const [{ filename }] = JSON.parse(output.slice(output.indexOf('[')));
	return path.join(runDir, filename);
}

/** The file that names a run folder's tarball for ensureInstalled. */
function packedFile(runDir) {
	return path.join(runDir, 'packed.json');
}

/** Names `tarball` as the run folder's package (test/e2e/run.js gives each lane the one it packed). */
function recordPacked(runDir, tarball) {
	fs.writeFileSync(packedFile(runDir), JSON.stringify({ tarball }));
}

/** npm install <tarball> in .n8n/nodes of the user folder, as Community Nodes does. */
async function installIntoN8n(tarball, userFolder) {
	const dir = nodesDir(userFolder);
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }),
	);
	await npm(
		readRunState().runDir,
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

/**
 * Packs the package once per run and installs it once into each user folder (the run's own unless
 * another is given), so that any e2e file can also run on its own: returns the tarball and the
 * installed folder.
 */
async function ensureInstalled(userFolder = readRunState().userFolder) {
	const { runDir } = readRunState();
	if (!fs.existsSync(packedFile(runDir))) recordPacked(runDir, await packPackage(runDir));
	const { tarball } = JSON.parse(fs.readFileSync(packedFile(runDir), 'utf8'));
	const installedDir = path.join(nodesDir(userFolder), 'node_modules', PACKAGE_NAME);
	if (!fs.existsSync(path.join(installedDir, 'package.json')))
		await installIntoN8n(tarball, userFolder);
	return { tarball, installedDir };
}

module.exports = { PACKAGE_NAME, nodesDir, packPackage, recordPacked, ensureInstalled };
