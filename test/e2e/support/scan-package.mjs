// Runs the checks of n8n's package scanner (@n8n/scan-community-package) on one folder, offline,
// and prints the result as JSON. Its CLI would download the package from npm instead, and exits 0
// when the scan fails; analyzePackage() is what the CLI runs on what it downloaded.
//   node scan-package.mjs <folder> <glob>...
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { modulesDir } = require('../../../real-n8n/toolchain.js');
const scanner = await import(`${modulesDir}/@n8n/scan-community-package/scanner/scanner.mjs`);

const [folder, ...patterns] = process.argv.slice(2);
const result = await scanner.analyzePackage(folder, patterns);
process.stdout.write(
	`${JSON.stringify({ passed: result.passed, message: result.message, details: result.details })}\n`,
);
