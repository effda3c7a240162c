// @ts-check
/**
 * The publish workflow's first step: a version tag is published only when it is package.json's
 * version (1.2.3 or v1.2.3), CHANGELOG.md has a dated entry for it, and the npm that will publish
 * can use npm's trusted publishing (OIDC, from npm 11.5.1 on). Prints every problem and exits 1 if
 * there is one.
 *
 *   node scripts/release-check.js <tag> [<npm version>]
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?$/;
const TRUSTED_PUBLISHING_NPM = '11.5.1';

/**
 * @param {string} version
 * @returns {number[] | undefined} major, minor, patch
 */
function versionParts(version) {
	const match = SEMVER.exec(version);
	return match ? match.slice(1, 4).map(Number) : undefined;
}

/** @param {number[]} a @param {number[]} b */
function atLeast(a, b) {
	for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
	return true;
}

/** @param {string} text */
function escapeRegExp(text) {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Why this tag must not be published, or nothing.
 * @param {{ tag: string; version: string; changelog: string; npmVersion?: string }} release
 * @returns {string[]}
 */
function releaseProblems({ tag, version, changelog, npmVersion }) {
	const problems = [];
	if (!versionParts(version)) {
		problems.push(`package.json's version "${version}" is not a semantic version such as 1.2.3`);
	}
	if (tag !== version && tag !== `v${version}`) {
		problems.push(
			`The tag "${tag}" is not package.json's version "${version}": tag the commit whose package.json has the version to publish, with that version (${version} or v${version})`,
		);
	}
	const entry = new RegExp(`^## \\[${escapeRegExp(version)}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm');
	if (!entry.test(changelog)) {
		problems.push(`CHANGELOG.md has no entry "## [${version}] - YYYY-MM-DD" for this release`);
	}
	if (npmVersion !== undefined) {
		const parts = versionParts(npmVersion.trim());
		if (!parts || !atLeast(parts, /** @type {number[]} */ (versionParts(TRUSTED_PUBLISHING_NPM)))) {
			problems.push(
				`npm ${npmVersion.trim()} cannot use trusted publishing; npm ${TRUSTED_PUBLISHING_NPM} or later can (Node 24 ships it)`,
			);
		}
	}
	return problems;
}

if (require.main === module) {
	const [tag = '', npmVersion] = process.argv.slice(2);
	const root = path.join(__dirname, '..');
	const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	const changelog = fs.readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
	const problems = releaseProblems({ tag, version, changelog, npmVersion });
	for (const problem of problems) console.error(`release-check: ${problem}`);
	if (problems.length > 0) process.exit(1);
	console.log(`release-check: ${tag} may be published`);
}

module.exports = { releaseProblems };
