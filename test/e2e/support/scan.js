// The packed tarball as n8n's package scanner sees it: unpacked into the run folder, and the
// scanner's checks run on it (scan-package.mjs, with the scanner of the e2e's n8n install).
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { runProcess } = require('../../../real-n8n/processes');
const { readRunState } = require('../../../real-n8n/run-state');

/** Unpacks the tarball into the run folder; returns the package folder. */
async function unpack(tarball) {
	const { runDir } = readRunState();
	const target = path.join(runDir, 'unpacked');
	fs.mkdirSync(target, { recursive: true });
	const result = await runProcess(runDir, 'tar', 'tar', ['-xzf', tarball, '-C', target]);
	if (result.code !== 0) throw new Error(`tar failed: ${result.output}`);
	return path.join(target, 'package');
}

/** The scanner's checks on a folder: { passed, message, details }. */
async function scanPackage(folder, patterns) {
	const { runDir } = readRunState();
	const script = path.join(__dirname, 'scan-package.mjs');
	const result = await runProcess(runDir, 'scan', process.execPath, [script, folder, ...patterns]);
	const line = result.output.split('\n').find((text) => text.startsWith('{"passed"'));
	if (!line) throw new Error(`the scanner printed no result:\n${result.output}`);
	return JSON.parse(line);
}

module.exports = { unpack, scanPackage };
