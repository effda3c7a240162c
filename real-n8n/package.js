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

/** npm install <tarball> in .n8n/nodes of the user folder, as Community Nodes does. */
async function installIntoN8n(tarball, userFolder) {
	const dir = nodesDir(userFolder);
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

/**
 * Packs the package once per run and installs it once into each user folder (the run's own unless
 * another is given), so that any e2e file can also run on its own: returns the tarball and the
 * installed folder.
 */
async function ensureInstalled(userFolder = readRunState().userFolder) {
	const { runDir } = readRunState();
	const packed = path.join(runDir, 'packed.json');
	if (!fs.existsSync(packed))
		fs.writeFileSync(packed, JSON.stringify({ tarball: await packPackage() }));
	const { tarball } = JSON.parse(fs.readFileSync(packed, 'utf8'));
	const installedDir = path.join(nodesDir(userFolder), 'node_modules', PACKAGE_NAME);
	if (!fs.existsSync(path.join(installedDir, 'package.json')))
		await installIntoN8n(tarball, userFolder);
	return { tarball, installedDir };
}

module.exports = { PACKAGE_NAME, nodesDir, ensureInstalled };
