/**
 * The e2e tests (npm run test:e2e, through test/e2e/run.js): one jest per lane, running the lane's
 * files (TZSMM_E2E_LANE_FILES) one at a time, in name order.
 */
const { LANE_FILES_VARIABLE } = require('../../real-n8n/run-state');

const laneFiles = process.env[LANE_FILES_VARIABLE];

module.exports = {
	rootDir: '.',
	testEnvironment: 'node',
	testMatch: laneFiles
		? laneFiles.split(',').map((name) => `<rootDir>/${name}.e2e.js`)
		: ['<rootDir>/**/*.e2e.js'],
	testSequencer: '<rootDir>/sequencer.js',
	transform: {},
	testTimeout: 240000,
};
