// @ts-check
/**
 * The engine runner: this package's nodes inside n8n's real execution engine (n8n-core), without
 * an n8n server. The demo, the benchmark and the tests run workflow JSON with it; the sandbox API
 * (sandbox/) is what the nodes talk to meanwhile.
 *
 * - runWorkflow: a workflow run as "Execute workflow" runs it (run-workflow.js);
 * - ActiveWorkflow: an active workflow whose trigger is polled as n8n polls it (active-workflow.js);
 * - searchList: a resource locator's list, filled as the editor fills it;
 * - testCredentials: a credential's "Test" button (credential-test.js);
 * - processedData: n8n's processed-data store, in memory (processed-data.js);
 * - loadPackage: the package as n8n loads it from dist/, and builtModule: one of its modules
 *   (load-package.js).
 */
'use strict';

// First: n8n-core reads its environment when it loads.
require('./environment');

/** @typedef {import('./run-workflow').WorkflowJson} WorkflowJson */
/** @typedef {import('./run-workflow').RunResult} RunResult */
/** @typedef {import('./run-workflow').CredentialsByType} CredentialsByType */
/** @typedef {import('./active-workflow').PollOutcome} PollOutcome */

const { ActiveWorkflow, TRIGGER_NODE_NAME, triggerNodeOf } = require('./active-workflow');
const { testCredentials } = require('./credential-test');
const { builtModule, loadPackage } = require('./load-package');
const {
	searchList,
	processedData,
	runWorkflow,
	safeStringify,
	withCapturedLogs,
} = require('./run-workflow');

module.exports = {
	ActiveWorkflow,
	TRIGGER_NODE_NAME,
	triggerNodeOf,
	searchList,
	builtModule,
	loadPackage,
	processedData,
	runWorkflow,
	safeStringify,
	testCredentials,
	withCapturedLogs,
};
