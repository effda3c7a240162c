/** Tests run the compiled package (dist/) inside n8n-core's engine (engine/) against the sandbox (sandbox/). */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	setupFiles: ['<rootDir>/engine/environment.js'],
	// `npm test` type-checks the tests with tsc first; test/tsconfig.json's isolatedModules has
	// ts-jest only transpile them.
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
	},
	// Most tests wait on the sandbox's sockets, not the CPU: two workers on a 2-core machine.
	maxWorkers: 2,
	testTimeout: 30000,
};
