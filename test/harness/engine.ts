/**
 * Runs workflow JSON through n8n's real execution engine (`WorkflowExecute` of n8n-core), with the
 * nodes and credentials this package lists in package.json, loaded from dist/ as n8n loads them.
 * n8n's own node test harness is not published; this follows the same idea.
 */
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import {
	DataDeduplicationService,
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	WorkflowExecute,
} from 'n8n-core';
import {
	LoggerProxy,
	Workflow,
	type ExecutionError,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type INodeExecutionData,
	type INodePropertyOptions,
	type INodeType,
	type IPinData,
	type IRun,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { HarnessCredentialsHelper } from './credentials';
import { loadPackage, type LoadedPackage } from './package';
import { InMemoryProcessedData } from './processed-data';

export type CredentialsByType = Record<string, ICredentialDataDecryptedObject>;

export interface WorkflowJson {
	name?: string;
	nodes: IWorkflowBase['nodes'];
	connections: IWorkflowBase['connections'];
	pinData?: IPinData;
	settings?: IWorkflowBase['settings'];
}

export interface RunResult {
	run: IRun;
	/** The items a node returned on its first output, in its first run ([] if it did not run). */
	output(nodeName: string): INodeExecutionData[];
	/** The error that stopped the workflow, if one did. */
	error: ExecutionError | undefined;
	/** Every line n8n logged during the run, with its metadata as JSON. */
	logs: string[];
}

/** Collects what n8n logs, so that tests can search it (for the API key, above all). */
class CapturingLogger {
	lines: string[] = [];

	private record(level: string, message: string, metadata?: object) {
		this.lines.push(`${level} ${message} ${metadata ? safeStringify(metadata) : ''}`);
	}

	error(message: string, metadata?: object) {
		this.record('error', message, metadata);
	}

	warn(message: string, metadata?: object) {
		this.record('warn', message, metadata);
	}

	info(message: string, metadata?: object) {
		this.record('info', message, metadata);
	}

	debug(message: string, metadata?: object) {
		this.record('debug', message, metadata);
	}

	scoped() {
		return this;
	}
}

export function safeStringify(value: unknown): string {
	const seen = new WeakSet<object>();
	return JSON.stringify(value, (_key, entry: unknown) => {
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

const logger = new CapturingLogger();
Container.set(Logger, logger as unknown as Logger);
LoggerProxy.init(logger);

/** n8n's processed-data store, as n8n starts it, in memory: shared by every run of a test file. */
export const processedData = new InMemoryProcessedData();
void DataDeduplicationService.init(processedData);

let loaded: LoadedPackage | undefined;

function getPackage(): LoadedPackage {
	loaded ??= loadPackage();
	return loaded;
}

export function credentialType(name: string): ICredentialType {
	return getPackage().credentialTypes.getByName(name);
}

export function buildAdditionalData(
	credentials: CredentialsByType,
	hooks?: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	const credentialsHelper = new HarnessCredentialsHelper(getPackage().credentialTypes, credentials);
	// Only what the engine reads while running regular nodes; sub-workflows, forms, webhooks and
	// AI features are outside this package.
	const additionalData: Partial<IWorkflowExecuteAdditionalData> = {
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
	return additionalData as IWorkflowExecuteAdditionalData;
}

/** The Workflow n8n builds from saved workflow JSON (and, for an active one, its static data). */
export function buildWorkflow(
	workflowJson: WorkflowJson,
	{ active = false, staticData }: { active?: boolean; staticData?: IDataObject } = {},
): Workflow {
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

/** Runs `action` and returns what n8n logged meanwhile, beside its result. */
export async function withCapturedLogs<T>(action: () => Promise<T>): Promise<[T, string[]]> {
	const firstLogLine = logger.lines.length;
	const result = await action();
	return [result, logger.lines.slice(firstLogLine)];
}

/**
 * Fills a dropdown of a node as the editor does when it is opened: calls the node's
 * `methods.loadOptions[method]` in n8n-core's LoadOptionsContext.
 */
export async function loadOptions(
	workflowJson: WorkflowJson,
	nodeName: string,
	method: string,
	credentials: CredentialsByType,
): Promise<INodePropertyOptions[]> {
	const workflow = buildWorkflow(workflowJson);
	const node = workflow.getNode(nodeName);
	if (!node) throw new Error(`The workflow has no node named "${nodeName}"`);
	const nodeType = getPackage().nodeTypes.getByNameAndVersion(
		node.type,
		node.typeVersion,
	) as INodeType;
	const loader = nodeType.methods?.loadOptions?.[method];
	if (!loader) throw new Error(`${node.type} has no loadOptions method "${method}"`);
	const context = new LoadOptionsContext(workflow, node, buildAdditionalData(credentials), '');
	return await loader.call(context);
}

/** Runs the workflow in manual mode from its start node, as "Execute workflow" in the editor does. */
export async function runWorkflow(
	workflowJson: WorkflowJson,
	credentials: CredentialsByType,
	pinData: IPinData | undefined = workflowJson.pinData,
): Promise<RunResult> {
	const workflow = buildWorkflow(workflowJson);

	const workflowData: IWorkflowBase = {
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
	const finished = new Promise<IRun>((resolve) => {
		hooks.addHandler('workflowExecuteAfter', (fullRunData) => resolve(fullRunData));
	});

	const execution = new WorkflowExecute(buildAdditionalData(credentials, hooks), 'manual');
	const [run, logs] = await withCapturedLogs(async () => {
		await execution.run({ workflow, pinData });
		return await finished;
	});

	return {
		run,
		error: run.data.resultData.error,
		logs,
		output(nodeName: string) {
			return run.data.resultData.runData[nodeName]?.[0]?.data?.main?.[0] ?? [];
		},
	};
}
