// The project's README, for tests that keep its tables in step with the behaviour they describe.
// Plain JavaScript because it reads a file, which n8n's lint rules keep out of *.ts.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

/** @returns {string} */
function readReadme() {
	return fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
}

module.exports = { readReadme };
