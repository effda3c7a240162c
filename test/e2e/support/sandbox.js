// The sandbox TZSMM Pay API inside the test file, on the run's fixed port, so that a test can
// set up orders, balance and catalogue and read the requests n8n sent.
'use strict';

const { createMockServer } = require('../../mock-server/server');
const { readRunState } = require('./run-state');

/** A sandbox for the test file: listening before its tests, back to its initial state before each. */
function useSandbox() {
	const { apiKey, mockPort } = readRunState();
	const server = createMockServer({ apiKey, port: mockPort });
	beforeAll(() => server.listen());
	beforeEach(() => server.reset());
	afterAll(() => server.close());
	return server;
}

module.exports = { useSandbox };
