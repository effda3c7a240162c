// @ts-check
// The sandbox for one jest test file, engine tests and e2e tests alike: listening before the file's
// tests, back to its initial state (services, balance, no orders, no faults, empty log) before
// each, closed after the last.
'use strict';

const { createSandbox } = require('./server');

/**
 * @param {Parameters<typeof createSandbox>[0]} [options] a fixed key or port (the e2e's run state)
 */
function useSandbox(options) {
	const sandbox = createSandbox(options);
	beforeAll(async () => {
		await sandbox.listen();
	});
	beforeEach(() => sandbox.reset());
	afterAll(async () => {
		await sandbox.close();
	});
	return sandbox;
}

module.exports = { useSandbox };
