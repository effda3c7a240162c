// @ts-check
// The import graph of the package's TypeScript sources, for the test that keeps its layers in order.
// Plain JavaScript because it reads files, which n8n's lint rules keep out of *.ts.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { filesUnder, readProjectFile, repoRoot } = require('./project-files');

/**
 * Every relative import of every .ts file under `folders`, resolved to a path from the repository's
 * root (`nodes/TzsmmPay/shared/values.ts`); imports of packages (n8n-workflow) are left out.
 * @param {string[]} folders
 * @returns {Record<string, string[]>}
 */
function importGraph(folders) {
	/** @type {Record<string, string[]>} */
	const graph = {};
	for (const file of folders.flatMap(filesUnder).filter((name) => name.endsWith('.ts'))) {
		const source = readProjectFile(file);
		graph[file] = [...source.matchAll(/from '(\.[^']*)'/g)].map(([, specifier]) => {
			const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
			const asFile = `${target}.ts`;
			return fs.existsSync(path.join(repoRoot, asFile)) ? asFile : `${target}/index.ts`;
		});
	}
	return graph;
}

module.exports = { importGraph };
