// @ts-check
/**
 * An active workflow whose trigger n8n polls, run as n8n runs it: n8n-core's PollTriggerExecutor
 * runs the node's `poll()` in a PollContext and hands what it returns to `__emit` (which starts an
 * execution) and a failure to `__emitError` (which records a failed execution). The first poll is
 * the one n8n runs when the workflow is activated; a failure there is thrown and the activation
 * fails.
 *
 * Between polls only the workflow's static data is kept, as the JSON n8n stores in its database,
 * and only when n8n would save it (when it changed). Every poll starts from a new Workflow built
 * from it, as after a restart or on another instance: nothing else survives from one poll to the
 * next.
 */
'use strict';

const { Container } = require('@n8n/di');
const { PollContext, PollTriggerExecutor } = require('n8n-core');

const {
	buildAdditionalData,
	buildWorkflow,
	safeStringify,
	withCapturedLogs,
} = require('./run-workflow');

/** @typedef {import('n8n-workflow').IDataObject} IDataObject */
/** @typedef {import('./run-workflow').WorkflowJson} WorkflowJson */
/** @typedef {import('./run-workflow').CredentialsByType} CredentialsByType */

/**
 * What one poll of an active workflow led to.
 * @typedef {object} PollOutcome
 * @property {IDataObject[] | undefined} items the items the poll emitted (they would start an
 *   execution); undefined if it emitted none
 * @property {(Error & { httpCode?: string | null; description?: string | null }) | undefined} error
 *   the error the poll raised, if it failed
 * @property {string[]} logs every line n8n logged during the poll
 */

const TRIGGER_NODE_NAME = 'TZSMM Pay Trigger';

/**
 * @param {WorkflowJson} workflow
 * @param {string} [nodeName]
 */
function triggerNodeOf(workflow, nodeName = TRIGGER_NODE_NAME) {
	const node = workflow.nodes.find((candidate) => candidate.name === nodeName);
	if (!node) throw new Error(`The workflow has no node named "${nodeName}"`);
	return node;
}

class ActiveWorkflow {
	/**
	 * The static data as n8n last stored it.
	 * @type {IDataObject}
	 */
	storedStaticData = {};
	/**
	 * What `getPollBudgetMs()` answers in each poll, as n8n 2.41's scheduler sets it; undefined
	 * leaves n8n-core's own default (5 minutes).
	 * @type {number | undefined}
	 */
	pollBudgetMs = undefined;
	#polls = 0;

	/**
	 * @param {WorkflowJson} workflowJson
	 * @param {CredentialsByType} credentials
	 * @param {string} [nodeName] the trigger node's name
	 */
	constructor(workflowJson, credentials, nodeName = TRIGGER_NODE_NAME) {
		this.workflowJson = workflowJson;
		this.credentials = credentials;
		this.nodeName = nodeName;
	}

	/**
	 * The user changes the trigger's parameters and saves; n8n keeps the static data.
	 * @param {import('n8n-workflow').INodeParameters} parameters
	 */
	editTrigger(parameters) {
		const node = triggerNodeOf(this.workflowJson, this.nodeName);
		node.parameters = { ...node.parameters, ...parameters };
	}

	/**
	 * One poll of the active workflow: on activation first, then as its Poll Times say.
	 * @returns {Promise<PollOutcome>}
	 */
	async poll() {
		const isActivation = this.#polls++ === 0;
		return await this.#runPoll('trigger', isActivation);
	}

	/**
	 * "Fetch Test Event" pressed in the editor while the workflow is active.
	 * @returns {Promise<PollOutcome>}
	 */
	async fetchTestEvent() {
		return await this.#runPoll('manual', true);
	}

	/**
	 * @param {'trigger' | 'manual'} mode
	 * @param {boolean} testingTrigger
	 * @returns {Promise<PollOutcome>}
	 */
	async #runPoll(mode, testingTrigger) {
		const workflow = buildWorkflow(this.workflowJson, {
			active: true,
			staticData: structuredClone(this.storedStaticData),
		});
		const node = workflow.getNode(this.nodeName);
		if (!node) throw new Error(`The workflow has no node named "${this.nodeName}"`);

		/** @type {import('n8n-workflow').INodeExecutionData[][] | undefined} */
		let emitted;
		/** @type {PollOutcome['error']} */
		let error;
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
			undefined,
			undefined,
			undefined,
			this.pollBudgetMs === undefined ? undefined : () => /** @type {number} */ (this.pollBudgetMs),
		);
		const runPoll = Container.get(PollTriggerExecutor).create(workflow, node, context, () => true);
		const [, logs] = await withCapturedLogs(async () => {
			try {
				// A poll being tested (on activation, or by Fetch Test Event) throws its error.
				await runPoll(testingTrigger);
			} catch (failure) {
				error = /** @type {PollOutcome['error']} */ (failure);
			}
		});

		if (workflow.staticData.__dataChanged === true) {
			const staticData = /** @type {IDataObject} */ (
				JSON.parse(safeStringify(workflow.staticData))
			);
			delete staticData.__dataChanged;
			this.storedStaticData = staticData;
		}
		return { items: emitted?.[0]?.map((item) => item.json), error, logs };
	}

	/** What the trigger node keeps in the stored static data. */
	get nodeStaticData() {
		return /** @type {IDataObject | undefined} */ (this.storedStaticData[`node:${this.nodeName}`]);
	}
}

module.exports = { ActiveWorkflow, TRIGGER_NODE_NAME, triggerNodeOf };
