/**
 * Runs the TZSMM Pay Trigger as n8n does, against the mock TZSMM Pay server: polled as an active
 * workflow, or run once by "Fetch Test Event" in the editor.
 */
import { Container } from '@n8n/di';
import { PollContext, PollTriggerExecutor } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';

import {
	buildAdditionalData,
	buildWorkflow,
	runWorkflow,
	safeStringify,
	withCapturedLogs,
	type CredentialsByType,
	type WorkflowJson,
} from './engine';
import { useMockServer, type WorkflowFixture } from './sandbox';

export const TRIGGER_NODE_NAME = 'TZSMM Pay Trigger';

/** What one poll of an active workflow led to. */
export interface PollOutcome {
	/** The items the poll emitted (they would start an execution); undefined if it emitted none. */
	items: IDataObject[] | undefined;
	/** The error the poll raised, if it failed. */
	error: (Error & { httpCode?: string | null; description?: string | null }) | undefined;
	/** Every line n8n logged during the poll. */
	logs: string[];
}

/**
 * An active workflow whose trigger n8n polls: n8n-core's PollTriggerExecutor runs the node's
 * `poll()` in a PollContext and hands what it returns to `__emit` (which starts an execution) and
 * a failure to `__emitError` (which records a failed execution). The first poll is the one n8n runs
 * when the workflow is activated; a failure there is thrown and the activation fails.
 *
 * Between polls only the workflow's static data is kept, as the JSON n8n stores in its database,
 * and only when n8n would save it (when it changed). Every poll starts from a new Workflow built
 * from it, as after a restart or on another instance: nothing else survives from one poll to the
 * next.
 */
export class ActiveWorkflow {
	/** The static data as n8n last stored it. */
	storedStaticData: IDataObject = {};
	private polls = 0;

	constructor(
		private readonly workflowJson: WorkflowJson,
		private readonly credentials: CredentialsByType,
		private readonly nodeName = TRIGGER_NODE_NAME,
	) {}

	/** The user changes the trigger's parameters and saves; n8n keeps the static data. */
	editTrigger(parameters: INodeParameters): void {
		const node = triggerNodeOf(this.workflowJson, this.nodeName);
		node.parameters = { ...node.parameters, ...parameters };
	}

	/** One poll of the active workflow: on activation first, then as its Poll Times say. */
	async poll(): Promise<PollOutcome> {
		const isActivation = this.polls++ === 0;
		return await this.runPoll('trigger', isActivation);
	}

	/** "Fetch Test Event" pressed in the editor while the workflow is active. */
	async fetchTestEvent(): Promise<PollOutcome> {
		return await this.runPoll('manual', true);
	}

	private async runPoll(mode: 'trigger' | 'manual', testingTrigger: boolean): Promise<PollOutcome> {
		const workflow = buildWorkflow(this.workflowJson, {
			active: true,
			staticData: structuredClone(this.storedStaticData),
		});
		const node = workflow.getNode(this.nodeName);
		if (!node) throw new Error(`The workflow has no node named "${this.nodeName}"`);

		let emitted: INodeExecutionData[][] | undefined;
		let error: PollOutcome['error'];
		const context = new PollContext(
			workflow,
			node,
			buildAdditionalData(this.credentials),
			mode,
			mode === 'manual' ? 'manual' : 'activate',
			(data) => {
				emitted = data;
			},
			(failure) => {
				error = failure;
			},
		);
		const runPoll = Container.get(PollTriggerExecutor).create(workflow, node, context, () => true);
		const [, logs] = await withCapturedLogs(async () => {
			try {
				// A poll being tested (on activation, or by Fetch Test Event) throws its error.
				await runPoll(testingTrigger);
			} catch (failure) {
				error = failure as PollOutcome['error'];
			}
		});

		if (workflow.staticData.__dataChanged === true) {
			const staticData = JSON.parse(safeStringify(workflow.staticData)) as IDataObject;
			delete staticData.__dataChanged;
			this.storedStaticData = staticData;
		}
		return { items: emitted?.[0]?.map((item) => item.json), error, logs };
	}

	/** What the trigger node keeps in the stored static data. */
	get nodeStaticData(): IDataObject | undefined {
		return this.storedStaticData[`node:${this.nodeName}`] as IDataObject | undefined;
	}
}

function triggerNodeOf(workflow: WorkflowJson, nodeName = TRIGGER_NODE_NAME) {
	const node = workflow.nodes.find((candidate) => candidate.name === nodeName);
	if (!node) throw new Error(`The workflow has no node named "${nodeName}"`);
	return node;
}

export function useTriggerSandbox(fixture: WorkflowFixture) {
	const server = useMockServer();

	const credentials = (): CredentialsByType => ({
		tzsmmPayApi: { apiKey: server.apiKey, baseUrl: server.baseUrl },
	});

	function configure(parameters: INodeParameters): WorkflowJson {
		const workflow = structuredClone(fixture) as WorkflowJson;
		const node = triggerNodeOf(workflow);
		node.parameters = { ...node.parameters, ...parameters };
		return workflow;
	}

	/** The workflow, activated: its first `poll()` is the one n8n runs on activation. */
	function activate(
		parameters: INodeParameters = {},
		{ credentials: credentialFields = {} }: { credentials?: ICredentialDataDecryptedObject } = {},
	): ActiveWorkflow {
		const withFields = { tzsmmPayApi: { ...credentials().tzsmmPayApi, ...credentialFields } };
		return new ActiveWorkflow(configure(parameters), withFields);
	}

	/** "Fetch Test Event" in the editor: the workflow run manually from the trigger. */
	async function fetchTestEvent(parameters: INodeParameters = {}) {
		const result = await runWorkflow(configure(parameters), credentials());
		return {
			items: result.output(TRIGGER_NODE_NAME).map((item) => item.json),
			error: result.error,
		};
	}

	return { server, activate, fetchTestEvent };
}
