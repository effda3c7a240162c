// What the test files of one e2e lane share: its folder (a fresh N8N_USER_FOLDER inside it), the
// port of the sandbox API and the key n8n is given for it. run.js writes it for each lane; the tests
// read it through TZSMM_E2E_RUN_DIR, and the e2e jest config takes the lane's files from
// TZSMM_E2E_LANE_FILES.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const RUN_DIR_VARIABLE = 'TZSMM_E2E_RUN_DIR';
const LANE_FILES_VARIABLE = 'TZSMM_E2E_LANE_FILES';

function statePath(runDir) {
	return path.join(runDir, 'run.json');
}

function writeRunState(runDir, state) {
	fs.writeFileSync(statePath(runDir), JSON.stringify({ runDir, ...state }, null, '\t'));
}

/**
 * @returns {{ runDir: string, userFolder: string, sandboxPort: number, apiKey: string,
 *   wrongApiKey: string, screenshotDir: string }}
 */
function readRunState() {
	const runDir = process.env[RUN_DIR_VARIABLE];
	if (!runDir)
		throw new Error(`${RUN_DIR_VARIABLE} is not set: run the e2e tests with npm run test:e2e`);
	return JSON.parse(fs.readFileSync(statePath(runDir), 'utf8'));
}

module.exports = { RUN_DIR_VARIABLE, LANE_FILES_VARIABLE, writeRunState, readRunState };
