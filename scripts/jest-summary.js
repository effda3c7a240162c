// Prints "tests: N passed, N failed" from jest's --json report; exits non-zero when the report is
// missing, when a test failed, when a suite failed to run, or when no test ran.
'use strict';

const fs = require('node:fs');

const file = process.argv[2];
let report;
try {
	report = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch {
	console.log(`jest left no report at ${file}: the tests did not run`);
	console.log('tests: 0 passed, 0 failed');
	process.exit(1);
}

const { numPassedTests, numFailedTests, numRuntimeErrorTestSuites, numTotalTests } = report;
if (numRuntimeErrorTestSuites > 0) {
	console.log(`${numRuntimeErrorTestSuites} test suite(s) could not run`);
}
console.log(`tests: ${numPassedTests} passed, ${numFailedTests} failed`);
const ok = numFailedTests === 0 && numRuntimeErrorTestSuites === 0 && numTotalTests > 0;
process.exit(ok ? 0 : 1);
