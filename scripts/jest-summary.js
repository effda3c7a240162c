// Prints "tests: N passed, N failed" summed over jest's --json reports (the unit tests' and the
// e2e tests'). A missing report and a suite that could not run each count as one failure, so that
// the line never looks green when tests did not run. Exits non-zero on any failure, or when a
// report holds no test.
//   node scripts/jest-summary.js <report.json>...
'use strict';

const fs = require('node:fs');

let passed = 0;
let failed = 0;
let ok = true;
for (const file of process.argv.slice(2)) {
	let report;
	try {
		report = JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		console.log(`jest left no report at ${file}: those tests did not run (counted as 1 failed)`);
		failed += 1;
		ok = false;
		continue;
	}
	const { numPassedTests, numFailedTests, numRuntimeErrorTestSuites, numTotalTests } = report;
	if (numRuntimeErrorTestSuites > 0) {
		console.log(
			`${file}: ${numRuntimeErrorTestSuites} test suite(s) could not run (counted as failed)`,
		);
	}
	console.log(`${file}: ${numPassedTests} passed, ${numFailedTests} failed`);
	passed += numPassedTests;
	failed += numFailedTests + numRuntimeErrorTestSuites;
	ok = ok && numFailedTests === 0 && numRuntimeErrorTestSuites === 0 && numTotalTests > 0;
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(ok && process.argv.length > 2 ? 0 : 1);
