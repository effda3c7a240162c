/**
 * The package as a community install gets it: npm pack, then npm install of the tarball into
 * <N8N_USER_FOLDER>/.n8n/nodes without dev or peer dependencies; and the checks of n8n's package
 * scanner on the source and on the tarball.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { repoRoot } = require('../../real-n8n/toolchain');
const { PACKAGE_NAME, nodesDir, ensureInstalled } = require('../../real-n8n/package');
const { unpack, scanPackage } = require('./support/scan');
const { readRunState } = require('../../real-n8n/run-state');
const { filesIn } = require('../harness/project-files');

/** The glob patterns n8n's scanner uses: the source checkout, then the tarball's build output. */
const SOURCE_PATTERNS = ['package.json', '{nodes,credentials}/**/*.{js,ts,json}'];
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

let installed;
let unpacked;
beforeAll(async () => {
	installed = await ensureInstalled();
	unpacked = await unpack(installed.tarball);
});

test('the tarball holds the built package and nothing of the source tree', () => {
	const files = filesIn(unpacked);

	expect(files).toEqual(
		expect.arrayContaining([
			'package.json',
			'README.md',
			'LICENSE.md',
			'dist/credentials/TzsmmPayApi.credentials.js',
			'dist/nodes/TzsmmPay/TzsmmPay.node.js',
			'dist/nodes/TzsmmPay/TzsmmPay.node.json',
			'dist/nodes/TzsmmPay/tzsmmpay.svg',
			'dist/nodes/TzsmmPay/tzsmmpay.dark.svg',
			'dist/nodes/TzsmmPay/TzsmmPayTrigger.node.js',
			'dist/nodes/TzsmmPay/TzsmmPayTrigger.node.json',
		]),
	);
	const outsideDist = files.filter((file) => !file.startsWith('dist/'));
	expect(outsideDist.sort()).toEqual(['CHANGELOG.md', 'LICENSE.md', 'README.md', 'package.json']);
});

test('npm installs it into .n8n/nodes with no other package beside it', () => {
	const modules = fs.readdirSync(path.join(nodesDir(), 'node_modules'));
	const manifest = JSON.parse(
		fs.readFileSync(path.join(installed.installedDir, 'package.json'), 'utf8'),
	);

	expect(modules.filter((name) => !name.startsWith('.'))).toEqual([PACKAGE_NAME]);
	expect(manifest.dependencies).toBeUndefined();
	expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
		expect(fs.existsSync(path.join(installed.installedDir, file))).toBe(true);
	}
});

describe("n8n's package scanner (@n8n/scan-community-package)", () => {
	test('finds nothing in the source', async () => {
		const result = await scanPackage(repoRoot, SOURCE_PATTERNS);

		expect(result).toEqual({ passed: true });
	});

	test('finds nothing in the tarball', async () => {
		const result = await scanPackage(unpacked, TARBALL_PATTERNS);

		expect(result).toEqual({ passed: true });
	});

	test.each([
		['writes to the console', 'console.log("tampered");', 'no-console'],
		['reads the environment', 'module.exports.leak = process.env.SECRET;', 'no-restricted-globals'],
	])('does flag a tarball whose node %s (the check is live)', async (_case, line, rule) => {
		const tampered = path.join(readRunState().runDir, `tampered-${rule}`);
		fs.cpSync(unpacked, tampered, { recursive: true });
		fs.appendFileSync(path.join(tampered, 'dist/nodes/TzsmmPay/TzsmmPay.node.js'), `\n${line}\n`);

		const result = await scanPackage(tampered, TARBALL_PATTERNS);

		expect(result.passed).toBe(false);
		expect(result.details).toContain(rule);
	});
});
