// Prepares the environment n8n-core reads, before n8n-core is loaded (by jest for each test file,
// and by the demo): n8n-core keeps its settings in a user folder, so every run gets a fresh,
// throw-away one, removed when the process ends.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'tzsmmpay-n8n-'));
process.env.N8N_USER_FOLDER = userFolder;
process.env.N8N_ENCRYPTION_KEY = 'tzsmmpay-test-encryption-key';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
process.env.N8N_VERSION_NOTIFICATIONS_ENABLED = 'false';
process.on('exit', () => fs.rmSync(userFolder, { recursive: true, force: true }));
