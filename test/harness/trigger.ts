/**
 * The TZSMM Pay Trigger under test: a workflow fixture with the trigger in it, activated and polled
 * as n8n polls it, or run once by "Fetch Test Event", in the engine runner (engine/) against the
 * test file's sandbox (sandbox/).
 */
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import {
	ActiveWorkflow,
	runWorkflow,
	TRIGGER_NODE_NAME,
	triggerNodeOf,
	type CredentialsByType,
	type WorkflowJson,
} from '../../engine';
import { useSandbox } from '../../sandbox/use-sandbox';
import type { WorkflowFixture } from './node';

/** The trigger's activations and test events for a test file, against its own sandbox. */
export function useTzsmmPayTrigger(fixture: WorkflowFixture) {
	const sandbox = useSandbox();

	const credentials = (): CredentialsByType => ({
		tzsmmPayApi: { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl },
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

	return { sandbox, activate, fetchTestEvent };
}
