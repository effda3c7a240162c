// Runs before each test file: n8n-core keeps its settings in a user folder, so every test run gets
// a fresh, throw-away one; nothing here may reach beyond 127.0.0.1.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'tzsmmpay-n8n-'));
process.env.N8N_USER_FOLDER = userFolder;
process.env.N8N_ENCRYPTION_KEY = 'tzsmmpay-test-encryption-key';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
process.env.N8N_VERSION_NOTIFICATIONS_ENABLED = 'false';
