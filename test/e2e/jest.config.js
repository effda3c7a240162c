/** The e2e tests (npm run test:e2e, through test/e2e/run.js): one file at a time, in name order. */
module.exports = {
	rootDir: '.',
	testEnvironment: 'node',
	testMatch: ['<rootDir>/**/*.e2e.js'],
	testSequencer: '<rootDir>/sequencer.js',
	transform: {},
	testTimeout: 240000,
};
