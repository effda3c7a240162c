// @ts-check
/**
 * Runs workflow JSON through n8n's real execution engine (`WorkflowExecute` of n8n-core), with the
 * nodes and credentials this package lists in package.json, loaded from dist/ as n8n loads them.
 * n8n's own node test harness is not published; this follows the same idea. Also fills a node's
 * dropdown as the editor does, and holds what the engine needs around a run: the logger (whose
 * lines are captured, to search them for the API key), the credentials and the processed-data store.
 */
'use strict';

const { Logger } = require('@n8n/backend-common');
const { Container } = require('@n8n/di');
const {
	DataDeduplicationService,
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	WorkflowExecute,
} = require('n8n-core');
const { LoggerProxy, Workflow } = require('n8n-workflow');

const { EngineCredentialsHelper } = require('./credentials-helper');
const { loadPackage } = require('./load-package');
const { InMemoryProcessedData } = require('./processed-data');

/** @typedef {import('n8n-workflow').IDataObject} IDataObject */
/** @typedef {import('n8n-workflow').INodeExecutionData} INodeExecutionData */
/** @typedef {import('n8n-workflow').IRun} IRun */
/** @typedef {import('n8n-workflow').IWorkflowBase} IWorkflowBase */
/** @typedef {import('n8n-workflow').IWorkflowExecuteAdditionalData} IWorkflowExecuteAdditionalData */
/** @typedef {Record<string, import('n8n-workflow').ICredentialDataDecryptedObject>} CredentialsByType */

/**
 * A workflow as n8n saves it (only what a run reads).
 * @typedef {object} WorkflowJson
 * @property {string} [name]
 * @property {IWorkflowBase['nodes']} nodes
 * @property {IWorkflowBase['connections']} connections
 * @property {import('n8n-workflow').IPinData} [pinData]
 * @property {IWorkflowBase['settings']} [settings]
 */

/**
 * @typedef {object} RunResult
 * @property {IRun} run
 * @property {(nodeName: string) => INodeExecutionData[]} output the items a node returned on its
 *   first output, in its first run ([] if it did not run)
 * @property {import('n8n-workflow').ExecutionError | undefined} error the error that stopped the
 *   workflow, if one did
 * @property {string[]} logs every line n8n logged during the run, with its metadata as JSON
 * @property {number} credentialReads how often the run's nodes read a credential
 */

/**
 * JSON of any value, errors with their message and stack, cycles cut.
 * @param {unknown} value
 * @returns {string}
 */
function safeStringify(value) {
	const seen = new WeakSet();
	return JSON.stringify(value, (_key, /** @type {unknown} */ entry) => {
		if (entry instanceof Error) {
			return { ...entry, name: entry.name, message: entry.message, stack: entry.stack };
		}
		if (typeof entry === 'object' && entry !== null) {
			if (seen.has(entry)) return '[circular]';
			seen.add(entry);
		}
		return entry;
	});
}

/** Collects what n8n logs, so that tests can search it (for the API key, above all). */
class CapturingLogger {
	/** @type {string[]} */
	lines = [];

	/**
	 * @param {string} level
	 * @param {string} message
	 * @param {object} [metadata]
	 */
	#record(level, message, metadata) {
		this.lines.push(`${level} ${message} ${metadata ? safeStringify(metadata) : ''}`);
	}

	/** @param {string} message @param {object} [metadata] */
	error(message, metadata) {
		this.#record('error', message, metadata);
	}

	/** @param {string} message @param {object} [metadata] */
	warn(message, metadata) {
		this.#record('warn', message, metadata);
	}

	/** @param {string} message @param {object} [metadata] */
	info(message, metadata) {
		this.#record('info', message, metadata);
	}

	/** @param {string} message @param {object} [metadata] */
	debug(message, metadata) {
		this.#record('debug', message, metadata);
	}

	scoped() {
		return this;
	}
}

const logger = new CapturingLogger();
Container.set(Logger, /** @type {Logger} */ (/** @type {unknown} */ (logger)));
LoggerProxy.init(logger);

/** n8n's processed-data store, as n8n starts it, in memory: shared by every run of a process. */
const processedData = new InMemoryProcessedData();
void DataDeduplicationService.init(processedData);

/** @type {import('./load-package').LoadedPackage | undefined} */
let loaded;

function getPackage() {
	loaded ??= loadPackage();
	return loaded;
}

/** @param {string} name */
function credentialType(name) {
	return getPackage().credentialTypes.getByName(name);
}

/**
 * What n8n hands the engine beside the workflow: here, the credentials and the run's hooks.
 * @param {CredentialsByType} credentials
 * @param {ExecutionLifecycleHooks} [hooks]
 * @returns {IWorkflowExecuteAdditionalData}
 */
function buildAdditionalData(credentials, hooks) {
	const credentialsHelper = new EngineCredentialsHelper(getPackage().credentialTypes, credentials);
	// Only what the engine reads while running regular nodes; sub-workflows, forms, webhooks and
	// AI features are outside this package.
	/** @type {Partial<IWorkflowExecuteAdditionalData>} */
	const additionalData = {
		credentialsHelper,
		hooks,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
		variables: {},
		logAiEvent: () => {},
		getRunExecutionData: async () => undefined,
	};
	return /** @type {IWorkflowExecuteAdditionalData} */ (additionalData);
}

/**
 * The Workflow n8n builds from saved workflow JSON (and, for an active one, its static data).
 * @param {WorkflowJson} workflowJson
 * @param {{ active?: boolean; staticData?: IDataObject }} [options]
 */
function buildWorkflow(workflowJson, { active = false, staticData } = {}) {
	return new Workflow({
		id: 'test-workflow',
		name: workflowJson.name ?? 'test',
		nodes: structuredClone(workflowJson.nodes),
		connections: structuredClone(workflowJson.connections),
		nodeTypes: getPackage().nodeTypes,
		settings: workflowJson.settings ?? { executionOrder: 'v1' },
		active,
		staticData,
	});
}

/**
 * Runs `action` and returns what n8n logged meanwhile, beside its result.
 * @template T
 * @param {() => Promise<T>} action
 * @returns {Promise<[T, string[]]>}
 */
async function withCapturedLogs(action) {
	const firstLogLine = logger.lines.length;
	const result = await action();
	return [result, logger.lines.slice(firstLogLine)];
}

/**
 * The node as the editor asks it for choices: its type at the node's version, and n8n-core's
 * LoadOptionsContext for it with the given credentials.
 * @param {WorkflowJson} workflowJson
 * @param {string} nodeName
 * @param {CredentialsByType} credentials
 */
function editorRequestContext(workflowJson, nodeName, credentials) {
	const workflow = buildWorkflow(workflowJson);
	const node = workflow.getNode(nodeName);
	if (!node) throw new Error(`The workflow has no node named "${nodeName}"`);
	const nodeType = /** @type {import('n8n-workflow').INodeType} */ (
		getPackage().nodeTypes.getByNameAndVersion(node.type, node.typeVersion)
	);
	const context = new LoadOptionsContext(workflow, node, buildAdditionalData(credentials), '');
	return { node, methods: nodeType.methods, context };
}

/**
 * What the editor lists in a resource locator's "From List" mode: the node's listSearch `method`,
 * with the text typed in the list's search box as `filter`, as n8n's REST API calls it.
 * @param {WorkflowJson} workflowJson
 * @param {string} nodeName
 * @param {string} method
 * @param {CredentialsByType} credentials
 * @param {string} [filter]
 * @returns {Promise<import('n8n-workflow').INodeListSearchResult>}
 */
async function searchList(workflowJson, nodeName, method, credentials, filter) {
	const { node, methods, context } = editorRequestContext(workflowJson, nodeName, credentials);
	const search = methods?.listSearch?.[method];
	if (!search) throw new Error(`${node.type} has no listSearch method "${method}"`);
	return await search.call(context, filter);
}

/**
 * Runs the workflow in manual mode from its start node, as "Execute workflow" in the editor does;
 * or, named by `startNode`, from another of its triggers (another branch of the workflow).
 * @param {WorkflowJson} workflowJson
 * @param {CredentialsByType} credentials
 * @param {import('n8n-workflow').IPinData | undefined} [pinData]
 * @param {{ startNode?: string }} [options]
 * @returns {Promise<RunResult>}
 */
async function runWorkflow(
	workflowJson,
	credentials,
	pinData = workflowJson.pinData,
	{ startNode } = {},
) {
	const workflow = buildWorkflow(workflowJson);
	const start = startNode === undefined ? undefined : workflow.getNode(startNode);
	if (start === null) throw new Error(`The workflow has no node named "${startNode}"`);

	/** @type {IWorkflowBase} */
	const workflowData = {
		id: 'test-workflow',
		name: workflowJson.name ?? 'test',
		active: false,
		isArchived: false,
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	};
	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', workflowData);
	/** @type {Promise<IRun>} */
	const finished = new Promise((resolve) => {
		hooks.addHandler('workflowExecuteAfter', (fullRunData) => resolve(fullRunData));
	});

	const additionalData = buildAdditionalData(credentials, hooks);
	const execution = new WorkflowExecute(additionalData, 'manual');
	const [run, logs] = await withCapturedLogs(async () => {
		await execution.run({ workflow, pinData, startNode: start });
		return await finished;
	});

	return {
		run,
		error: run.data.resultData.error,
		logs,
		credentialReads: /** @type {EngineCredentialsHelper} */ (additionalData.credentialsHelper)
			.reads,
		output(nodeName) {
			return run.data.resultData.runData[nodeName]?.[0]?.data?.main?.[0] ?? [];
		},
	};
}

module.exports = {
	buildAdditionalData,
	buildWorkflow,
	credentialType,
	searchList,
	processedData,
	runWorkflow,
	safeStringify,
	withCapturedLogs,
};
