/**
 * The one place where the package talks to TZSMM Pay: it builds the request from the credential,
 * waits for its turn under the credential's Requests per Minute (pacing.ts), sends it through n8n's
 * authenticated HTTP helper, reads the answer (answer.ts) and sends it again after a transient
 * failure as retry.ts decides: a read-only action after a 429, 5xx or reset, `add` only after a
 * 429, which proves that nothing was ordered. Every failure leaves as a `NodeApiError` named in
 * failure.ts; a request the credential's own rules refuse, as a `NodeOperationError` for its item.
 */
import type {
	ICredentialsDecrypted,
	IDataObject,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import {
	baseUrlOf,
	isCredentialRefusal,
	requestsPerMinuteOf,
} from '../../../../common/credentialRules';
import { readAnswer, type Attempt } from './answer';
import { FailureReporter } from './failure';
import { networkFailure } from './networkFailure';
import { requestPacer } from './pacing';
import { decideRetry, retryPolicyFor, type RetryDecision } from './retry';
import {
	CREDENTIAL_TYPE,
	DEFAULT_TIMEOUT_SECONDS,
	type RequestSettings,
	type TzsmmPayAction,
	type TzsmmPayContext,
} from './types';

// A type, not an interface, so that it fits n8n's index-signed credential data.
type TzsmmPayCredentials = {
	apiKey: string;
	baseUrl: string;
	allowUnencryptedHttp?: boolean;
	requestsPerMinute?: number | string;
};

/** A request ready to go: what is sent, and the pacing lane of its credential. */
interface PreparedRequest {
	options: IHttpRequestOptions;
	pacingKey: string;
	requestsPerMinute: number;
}

/** The credential as read for one item of one run, in the shape n8n's HTTP helper accepts. */
type ReadCredentials = ICredentialsDecrypted<TzsmmPayCredentials> & { data: TzsmmPayCredentials };

/**
 * The credential read for each item of each run (n8n gives each run of a node its own context
 * object). Reading it means a database read and a decryption in n8n, which a list of 10,000 order
 * IDs would otherwise pay twice per request; it is read once per item, since an expression in a
 * credential field may depend on the item.
 */
const credentialsRead = new WeakMap<
	TzsmmPayContext,
	Map<number | undefined, Promise<ReadCredentials>>
>();

async function readCredentials(
	context: TzsmmPayContext,
	itemIndex: number | undefined,
): Promise<ReadCredentials> {
	let byItem = credentialsRead.get(context);
	if (!byItem) {
		byItem = new Map();
		credentialsRead.set(context, byItem);
	}
	let read = byItem.get(itemIndex);
	if (!read) {
		read = context.getCredentials<TzsmmPayCredentials>(CREDENTIAL_TYPE, itemIndex).then((data) => {
			const stored = context.getNode().credentials?.[CREDENTIAL_TYPE];
			return { id: stored?.id ?? '', name: stored?.name ?? '', type: CREDENTIAL_TYPE, data };
		});
		// A failed read is not kept: the next request reads again and reports its own error.
		read.catch(() => byItem?.delete(itemIndex));
		byItem.set(itemIndex, read);
	}
	return await read;
}

/**
 * Sends one action, when the credential's pacing gives it its turn, and returns the API's answer,
 * checked against the shape the action documents. A transient failure of a read-only action, and
 * a 429 for `add`, is sent again as `retry.ts` decides; anything else becomes a `NodeApiError` at
 * once.
 */
export async function tzsmmPayRequest(
	this: TzsmmPayContext,
	action: TzsmmPayAction,
	params: IDataObject = {},
	settings: RequestSettings = {},
): Promise<unknown> {
	const { itemIndex, timeoutSeconds = DEFAULT_TIMEOUT_SECONDS } = settings;
	const credentials = await readCredentials(this, itemIndex);
	const reporter = new FailureReporter(this, action, params, credentials.data.apiKey, itemIndex);
	const request = prepareRequest(this, credentials, action, params, { itemIndex, timeoutSeconds });
	const policy = retryPolicyFor(action, settings);

	for (let attempts = 1; ; attempts++) {
		await requestPacer.takeTurn(request.pacingKey, request.requestsPerMinute);
		const outcome = await sendOnce(this, credentials, reporter, action, request, timeoutSeconds);
		if (outcome.ok) return outcome.body;

		const { failure } = outcome;
		const decision: RetryDecision = failure.transient
			? decideRetry(policy, attempts, failure)
			: { retry: false };
		if (!decision.retry) throw reporter.toError(failure, attempts, decision.reason);
		// A 429 is the panel's word for the key, not for this request: every request with the
		// credential in this process holds off as long.
		if (decision.rateLimited) requestPacer.holdFor(request.pacingKey, decision.waitMs);
		this.logger.debug(
			reporter.redact(
				`${failure.message}; TZSMM Pay action "${action}" is sent again in ${decision.waitMs} ms (attempt ${attempts + 1} of ${policy.retries + 1})`,
			),
		);
		await sleep(decision.waitMs);
	}
}

/**
 * How long the next request with the node's credential would wait for its turn now, in ms (0
 * without Requests per Minute): a poll weighs it against its budget before it asks.
 */
export async function nextRequestDelayMs(this: TzsmmPayContext): Promise<number> {
	const credentials = await readCredentials(this, undefined);
	const perMinute = requestsPerMinuteOf(credentials.data.requestsPerMinute);
	return requestPacer.delayBeforeNext(pacingKeyOf(credentials), perMinute);
}

/** Requests with one credential (by its ID, and its Base URL as entered) share one pacing lane. */
function pacingKeyOf(credentials: ReadCredentials): string {
	return `${credentials.id}\n${credentials.data.baseUrl}`;
}

/** The request for one action, or an error if the credential has no API key. */
function prepareRequest(
	context: TzsmmPayContext,
	read: ReadCredentials,
	action: TzsmmPayAction,
	params: IDataObject,
	{ itemIndex, timeoutSeconds }: { itemIndex?: number; timeoutSeconds: number },
): PreparedRequest {
	const credentials = read.data;
	if (typeof credentials.apiKey !== 'string' || credentials.apiKey.trim() === '') {
		throw new NodeOperationError(
			context.getNode(),
			'The API Key of the TZSMM Pay API credential is empty',
			{
				itemIndex,
				description: 'Open the credential and paste the key from your TZSMM Pay reseller page.',
			},
		);
	}
	const options: IHttpRequestOptions = {
		method: 'GET',
		// The credential's authenticate checks the Base URL and Requests per Minute before sending.
		url: baseUrlOf(credentials.baseUrl),
		qs: { action, ...params },
		// Status codes, bodies and redirects are judged by readAnswer, so the helper hands them back.
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// A redirect would carry the key, which sits in the query, to wherever it points.
		disableFollowRedirect: true,
		encoding: 'text',
		json: false,
		timeout: timeoutSeconds * 1000,
	};
	return {
		options,
		pacingKey: pacingKeyOf(read),
		requestsPerMinute: requestsPerMinuteOf(credentials.requestsPerMinute),
	};
}

async function sendOnce(
	context: TzsmmPayContext,
	credentials: ReadCredentials,
	reporter: FailureReporter,
	action: TzsmmPayAction,
	request: PreparedRequest,
	timeoutSeconds: number,
): Promise<Attempt> {
	let response: IN8nHttpFullResponse;
	try {
		response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			CREDENTIAL_TYPE,
			request.options,
			// The credential read above, so that the helper does not read and decrypt it again.
			{ credentialsDecrypted: credentials },
		)) as IN8nHttpFullResponse;
	} catch (error) {
		if (error instanceof Error && isCredentialRefusal(error.message)) {
			// The credential's gate refused before anything was sent: named for the item it belongs to.
			const { description } = error as Error & { description?: string };
			throw new NodeOperationError(context.getNode(), error.message, {
				itemIndex: reporter.itemIndex,
				description,
			});
		}
		return { ok: false, failure: networkFailure(error, timeoutSeconds) };
	}
	return readAnswer(reporter, action, response);
}
