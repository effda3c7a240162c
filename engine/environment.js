// @ts-check
// Prepares the environment n8n-core reads, before n8n-core is loaded (engine/index.js requires it
// first; jest also runs it before each test file): n8n-core keeps its settings in a user folder,
// so every process gets a fresh, throw-away one, removed when the process ends.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

if (process.env.TZSMMPAY_ENGINE_USER_FOLDER === undefined) {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'tzsmmpay-n8n-'));
	process.env.TZSMMPAY_ENGINE_USER_FOLDER = userFolder;
	process.env.N8N_USER_FOLDER = userFolder;
	process.env.N8N_ENCRYPTION_KEY = 'tzsmmpay-test-encryption-key';
	process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
	process.env.N8N_VERSION_NOTIFICATIONS_ENABLED = 'false';
	process.on('exit', () => fs.rmSync(userFolder, { recursive: true, force: true }));
}
