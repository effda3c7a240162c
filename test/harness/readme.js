// The project's README, for tests that keep its tables in step with the behaviour they describe.
'use strict';

const { readProjectFile } = require('./project-files');

/** @returns {string} */
function readReadme() {
	return readProjectFile('README.md');
}

module.exports = { readReadme };
