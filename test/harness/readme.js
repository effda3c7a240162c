// The project's README and its documents, for tests that keep their words in step with the
// behaviour they describe.
'use strict';

const { readProjectFile } = require('./project-files');

/**
 * GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens.
 * @param {string} heading
 * @returns {string}
 */
function anchorOf(heading) {
	return heading
		.trim()
		.toLowerCase()
		.replace(/[^\w\- ]/g, '')
		.replace(/ /g, '-');
}

/**
 * The anchors of every heading of a Markdown file, as links to it name them (`#credentials`).
 * @param {string} file a path from the project's root
 * @returns {string[]}
 */
function headingAnchorsOf(file) {
	return [...readProjectFile(file).matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) =>
		anchorOf(heading),
	);
}

/**
 * The section of a Markdown file under `heading` (a line such as "## Bad input"), up to the next
 * heading of the same level or higher; fails when the file has no such heading.
 * @param {string} file a path from the project's root
 * @param {string} heading
 * @returns {string}
 */
function sectionOf(file, heading) {
	const text = `\n${readProjectFile(file)}`;
	const start = text.indexOf(`\n${heading}\n`);
	if (start === -1) throw new Error(`${file} has no heading "${heading}"`);
	const level = heading.split(' ')[0];
	const rest = text.slice(start + heading.length + 2);
	const next = rest.search(new RegExp(`^#{1,${level.length}} `, 'm'));
	return next === -1 ? rest : rest.slice(0, next);
}

/**
 * The `npm ...` commands of a Markdown file's first fenced block, without their comments.
 * @param {string} file
 * @returns {string[]}
 */
function openingCommands(file) {
	return readProjectFile(file)
		.split('```')[1]
		.split('\n')
		.filter((line) => line.startsWith('npm '))
		.map((line) => line.split('#')[0].trim());
}

module.exports = { headingAnchorsOf, sectionOf, openingCommands };
