// The workflows this repository ships, as an n8n of the e2e run or of `npm run dev` imports them.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { repoRoot } = require('./toolchain');

/** examples/ itself, and the folders of the automations and the agents. */
const EXAMPLE_FOLDERS = ['', 'automations', 'agents'];

/**
 * The workflows of `folders` under examples/, each with its file (relative to examples/) and the
 * ID it is imported under: its file name, cut to the 21 characters n8n takes. The shop workflows
 * name each other by these IDs (the ledger in Record Sale, the alert as the error workflow).
 */
function shippedWorkflows(folders = EXAMPLE_FOLDERS) {
	return folders.flatMap((folder) => {
		const dir = path.join(repoRoot, 'examples', folder);
		return fs
			.readdirSync(dir)
			.filter((file) => file.endsWith('.json'))
			.sort()
			.map((file) => ({
				file: path.join(folder, file),
				id: file.replace(/\.json$/, '').slice(0, 21),
				workflow: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')),
			}));
	});
}

module.exports = { EXAMPLE_FOLDERS, shippedWorkflows };
