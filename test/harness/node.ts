/**
 * The TZSMM Pay node under test: a workflow fixture with the node in it, run in the engine runner
 * (engine/) against the test file's sandbox (sandbox/), with the node's parameters, input items and
 * credentials set per test.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import {
	processedData,
	searchList,
	runWorkflow,
	safeStringify,
	type RunResult,
	type WorkflowJson,
} from '../../engine';
import { useSandbox } from '../../sandbox/use-sandbox';

export const NODE_NAME = 'TZSMM Pay';
export const START_NODE_NAME = 'Start';

export interface RunOptions {
	/** Parameters of the TZSMM Pay node, merged over those of the fixture. */
	parameters?: INodeParameters;
	/** Items the Start node hands to the TZSMM Pay node (pinned, as a user pins test data). */
	input?: IDataObject[];
	/** The node setting On Error: Continue (using regular output). */
	continueOnFail?: boolean;
	/** The node setting On Error: Continue (using error output). */
	continueOnErrorOutput?: boolean;
	/** Credential fields, over the sandbox's key and base URL. */
	credentials?: IDataObject;
	/**
	 * The TZSMM Pay node the parameters go to and the run is read from, when the fixture has more
	 * than one (default "TZSMM Pay").
	 */
	node?: string;
	/** The trigger the run starts from and whose output `input` pins (default "Start"). */
	startNode?: string;
}

/** A workflow as imported from a JSON fixture (JSON imports are typed loosely). */
export type WorkflowFixture = { nodes: object[]; connections: object; pinData?: object };

/**
 * The node's runs for a test file, against its own sandbox, with n8n's processed-data store
 * (Idempotency Keys) emptied before each test.
 */
export function useTzsmmPayNode() {
	const sandbox = useSandbox();
	beforeEach(() => processedData.clear());

	const credentialsFor = (options: RunOptions) => ({
		tzsmmPayApi: { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl, ...options.credentials },
	});

	async function run(fixture: WorkflowFixture, options: RunOptions = {}): Promise<NodeRun> {
		const workflow = configure(fixture, options);
		const result = await runWorkflow(workflow, credentialsFor(options), workflow.pinData, {
			startNode: options.startNode,
		});
		return new NodeRun(result, options.node);
	}

	/** A resource locator's "From List", as the editor lists it for `filter` typed in its search. */
	async function list(
		fixture: WorkflowFixture,
		method: string,
		filter?: string,
		options: RunOptions = {},
	) {
		return await searchList(
			configure(fixture, options),
			NODE_NAME,
			method,
			credentialsFor(options),
			filter,
		);
	}

	return { sandbox, run, list };
}

function configure(fixture: WorkflowFixture, options: RunOptions): WorkflowJson {
	const workflow = structuredClone(fixture) as WorkflowJson;
	const nodeName = options.node ?? NODE_NAME;
	const node = workflow.nodes.find((candidate) => candidate.name === nodeName);
	if (!node) throw new Error(`The fixture has no node named "${nodeName}"`);
	node.parameters = { ...node.parameters, ...options.parameters };
	if (options.continueOnFail) node.onError = 'continueRegularOutput';
	if (options.continueOnErrorOutput) node.onError = 'continueErrorOutput';
	if (options.input) {
		const start = options.startNode ?? START_NODE_NAME;
		workflow.pinData = { [start]: options.input.map((json) => ({ json })) };
	}
	return workflow;
}

/** One run of a workflow, read from the TZSMM Pay node's side. */
export class NodeRun {
	constructor(
		readonly result: RunResult,
		private readonly nodeName = NODE_NAME,
	) {}

	/** The JSON of every item the TZSMM Pay node returned. */
	get json(): IDataObject[] {
		return this.result.output(this.nodeName).map((item) => item.json);
	}

	/** The JSON of the items on the node's error output (On Error: Continue (using error output)). */
	get errorOutputJson(): IDataObject[] {
		const runs = this.result.run.data.resultData.runData[this.nodeName];
		return (runs?.[0]?.data?.main?.[1] ?? []).map((item) => item.json);
	}

	/** For every output item, the index of the input item it is paired with. */
	get pairedWith(): number[] {
		return this.result.output(this.nodeName).map((item) => {
			const paired = item.pairedItem;
			if (typeof paired === 'number') return paired;
			if (Array.isArray(paired) || paired === undefined) return -1;
			return paired.item;
		});
	}

	/** The error that stopped the run; fails the test if the run succeeded. */
	get error() {
		const { error } = this.result;
		if (!error)
			throw new Error(`Expected the run to fail, but it returned ${safeStringify(this.json)}`);
		return error as typeof error & { httpCode?: string | null; context: IDataObject };
	}

	/** Every text the run produced that a user or a log could see. */
	get allText(): string {
		return safeStringify(this.result.run) + '\n' + this.result.logs.join('\n');
	}
}
