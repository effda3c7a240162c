/**
 * What a request to TZSMM Pay is: one of the reseller API's four actions, sent from one of the
 * contexts n8n gives a node, with settings for its item, its timeout and its retries.
 */
import type { IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';

export const CREDENTIAL_TYPE = 'tzsmmPayApi';

export type TzsmmPayAction = 'services' | 'status' | 'balance' | 'add';

/** The node's run, the editor filling a dropdown, and the trigger's poll. */
export type TzsmmPayContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export const DEFAULT_TIMEOUT_SECONDS = 30;

/** How one request is made: for which input item (errors name it), how long it may take, how
 * often a read-only request is sent again after a transient failure, and how long any request may
 * wait after a 429. */
export interface RequestSettings {
	itemIndex?: number;
	timeoutSeconds?: number;
	retries?: number;
	retryWaitMs?: number;
	rateLimitWaitMs?: number;
}
