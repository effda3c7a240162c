import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { decideRetry, retryPolicyFor, TRANSIENT_STATUSES, type RetryDecision } from './retry';

/**
 * The one place where the node talks to TZSMM Pay: it builds the request, sends it through n8n's
 * authenticated HTTP helper, and turns every way a panel can fail into a `NodeApiError` that says
 * in plain words what came back. Read-only actions are sent again after a transient failure (see
 * retry.ts); `add` is sent exactly once, because it spends money.
 */

export const CREDENTIAL_TYPE = 'tzsmmPayApi';

export type TzsmmPayAction = 'services' | 'status' | 'balance' | 'add';

export type TzsmmPayContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

interface TzsmmPayCredentials {
	apiKey: string;
	baseUrl: string;
}

export const DEFAULT_TIMEOUT_SECONDS = 30;

/** How one request is made: for which input item (errors name it), how long it may take, and
 * how often a read-only request is sent again after a transient failure. */
export interface RequestSettings {
	itemIndex?: number;
	timeoutSeconds?: number;
	retries?: number;
	retryWaitMs?: number;
}

const BODY_EXCERPT_LENGTH = 200;

/**
 * Sends one action and returns the API's answer, checked against the shape the action documents.
 * A transient failure of a read-only action is retried as `retry.ts` decides; anything else, and
 * any failure of `add`, becomes a `NodeApiError` at once.
 */
export async function tzsmmPayRequest(
	this: TzsmmPayContext,
	action: TzsmmPayAction,
	params: IDataObject = {},
	settings: RequestSettings = {},
): Promise<unknown> {
	const { itemIndex, timeoutSeconds = DEFAULT_TIMEOUT_SECONDS } = settings;
	const credentials = await this.getCredentials<TzsmmPayCredentials>(CREDENTIAL_TYPE, itemIndex);
	const reporter = new FailureReporter(this, action, params, credentials.apiKey, itemIndex);
	const request = buildRequest(this, credentials, action, params, { itemIndex, timeoutSeconds });
	const policy = retryPolicyFor(action, settings.retries, settings.retryWaitMs);

	for (let attempts = 1; ; attempts++) {
		const outcome = await sendOnce(this, reporter, action, request, timeoutSeconds);
		if (outcome.ok) return outcome.body;

		const { failure } = outcome;
		const decision: RetryDecision = failure.transient
			? decideRetry(policy, attempts, failure.retryAfter)
			: { retry: false };
		if (!decision.retry) throw reporter.toError(failure, attempts, decision.reason);
		this.logger.debug(
			reporter.redact(
				`${failure.message}; TZSMM Pay action "${action}" is sent again in ${decision.waitMs} ms (attempt ${attempts + 1} of ${policy.retries + 1})`,
			),
		);
		await sleep(decision.waitMs);
	}
}

/**
 * The error for one order of a multi-status answer that the panel could not report: its `error`
 * for that ID, or nothing at all. It is the error a single-status request for the order raises.
 */
export function orderStatusError(
	context: TzsmmPayContext,
	orderId: number,
	apiMessage: string | undefined,
	itemIndex?: number,
): NodeApiError {
	// No key to redact: the text is the panel's word for one order, as Get Many Statuses shows it.
	const reporter = new FailureReporter(context, 'status', { order: orderId }, '', itemIndex);
	const failure: Failure =
		apiMessage === undefined
			? { message: `TZSMM Pay did not report order ${orderId} in its answer` }
			: apiFailure(apiMessage, 404, reporter.orderLabel());
	return reporter.toError(failure, 1);
}

/** Errors of `add` after which the panel may have placed (and charged) the order. */
const ordersMaybePlaced = new WeakSet<Error>();

/**
 * Whether the error is one of `add` whose outcome is unknown (a timeout, a reset, a 5xx, an answer
 * that is not the new order ID): the order may exist. Every other error of `add` means it does not.
 */
export function orderMayHaveBeenPlaced(error: unknown): boolean {
	return error instanceof Error && ordersMaybePlaced.has(error);
}

/** The request for one action, or an error naming the credential field that cannot work. */
function buildRequest(
	context: TzsmmPayContext,
	credentials: TzsmmPayCredentials,
	action: TzsmmPayAction,
	params: IDataObject,
	{ itemIndex, timeoutSeconds }: { itemIndex?: number; timeoutSeconds: number },
): IHttpRequestOptions {
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
	const baseUrl = String(credentials.baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '');
	if (!/^https?:\/\/[^\s/]+/i.test(baseUrl)) {
		throw new NodeOperationError(
			context.getNode(),
			'The Base URL of the TZSMM Pay API credential must start with http:// or https://',
			{ itemIndex, description: 'Open the credential and correct its Base URL.' },
		);
	}
	return {
		method: 'GET',
		url: baseUrl,
		qs: { action, ...params },
		// Status codes, bodies and redirects are judged below, so the helper hands them back as is.
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// A redirect would carry the key, which sits in the query, to wherever it points.
		disableFollowRedirect: true,
		encoding: 'text',
		json: false,
		timeout: timeoutSeconds * 1000,
	};
}

/** What went wrong with one attempt, in words for the user; `toError` turns it into the error. */
interface Failure {
	message: string;
	httpCode?: number;
	description?: string;
	/** Whether sending the request again may succeed (429, 502-504, a reset connection). */
	transient?: boolean;
	/** The panel's `Retry-After` header, when it sent one. */
	retryAfter?: string;
	/** Whether the panel may have acted on the request anyway (for `add`: placed the order). */
	outcomeUnknown?: boolean;
}

type Attempt = { ok: true; body: unknown } | { ok: false; failure: Failure };

async function sendOnce(
	context: TzsmmPayContext,
	reporter: FailureReporter,
	action: TzsmmPayAction,
	request: IHttpRequestOptions,
	timeoutSeconds: number,
): Promise<Attempt> {
	let response: IN8nHttpFullResponse;
	try {
		response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			CREDENTIAL_TYPE,
			request,
		)) as IN8nHttpFullResponse;
	} catch (error) {
		return { ok: false, failure: transportFailure(error, timeoutSeconds) };
	}
	return interpretResponse(reporter, action, response);
}

function interpretResponse(
	reporter: FailureReporter,
	action: TzsmmPayAction,
	response: IN8nHttpFullResponse,
): Attempt {
	const status = response.statusCode;
	const text = typeof response.body === 'string' ? response.body : String(response.body ?? '');
	const failed = (failure: Failure): Attempt => ({ ok: false, failure });

	if (status >= 300 && status < 400) {
		return failed({
			message: `TZSMM Pay answered with a redirect (HTTP ${status}), which the node does not follow`,
			httpCode: status,
			description:
				'A redirect could carry the API key to another host. Set the Base URL of the credential to the address the panel redirects to, if you trust it.',
		});
	}
	if (TRANSIENT_STATUSES.has(status)) {
		return failed({
			message:
				status === 429
					? 'TZSMM Pay is limiting requests (HTTP 429 Too Many Requests)'
					: `TZSMM Pay is temporarily unavailable (HTTP ${status})`,
			httpCode: status,
			description:
				status === 429
					? 'TZSMM Pay turned the request away without acting on it. Wait a minute before you run the node again, or run the workflow less often.'
					: reporter.bodyExcerpt(text),
			transient: true,
			retryAfter: headerValue(response.headers, 'retry-after'),
			// A 429 turns the request away unread; behind a 5xx the panel may have acted on it.
			outcomeUnknown: status !== 429,
		});
	}

	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		return failed({
			message: `TZSMM Pay answered with ${describeNonJson(text)} (HTTP ${status})`,
			httpCode: status >= 400 ? status : undefined,
			description: reporter.bodyExcerpt(text),
			outcomeUnknown: status < 400 || status >= 500,
		});
	}

	if (isRecord(body) && typeof body.error === 'string') {
		return failed(apiFailure(body.error, status, reporter.orderLabel()));
	}
	if (status >= 400) {
		return failed({
			message: `TZSMM Pay answered with HTTP ${status}`,
			httpCode: status,
			description: reporter.bodyExcerpt(text),
			outcomeUnknown: status >= 500,
		});
	}
	if (!hasExpectedShape[action](body)) {
		return failed({
			message: `TZSMM Pay answered action "${action}" with JSON of an unexpected shape (expected ${expectedShapeText[action]})`,
			description: reporter.bodyExcerpt(text),
			outcomeUnknown: true,
		});
	}
	return { ok: true, body };
}

function headerValue(headers: IN8nHttpFullResponse['headers'], name: string): string | undefined {
	const value = headers?.[name];
	if (Array.isArray(value)) return value[0] === undefined ? undefined : String(value[0]);
	return value === undefined || value === null ? undefined : String(value);
}

export function isRecord(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const hasExpectedShape: Record<TzsmmPayAction, (body: unknown) => boolean> = {
	services: (body) => Array.isArray(body) && body.every(isRecord),
	status: (body) => isRecord(body),
	// A balance of "Unknown" would make every "balance below" check quietly false.
	balance: (body) => isRecord(body) && isNumeric(body.balance),
	add: (body) => isRecord(body) && /^\d+$/.test(String(body.order ?? '')),
};

const expectedShapeText: Record<TzsmmPayAction, string> = {
	services: 'a list of services',
	status: 'an object with the order status',
	balance: 'an object with a numeric balance',
	add: 'an object with the new order ID',
};

function isNumeric(value: unknown): boolean {
	if (typeof value === 'number') return Number.isFinite(value);
	return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim());
}

function describeNonJson(text: string): string {
	const trimmed = text.trim();
	if (trimmed === '') return 'an empty body instead of JSON';
	if (trimmed.startsWith('<')) return 'an HTML page instead of JSON';
	if (trimmed.startsWith('{') || trimmed.startsWith('[')) return 'incomplete or invalid JSON';
	return 'text instead of JSON';
}

/** Network failures after which the panel may have received, and acted on, the request. */
const OUTCOME_UNKNOWN_CODES = new Set([
	'ECONNRESET',
	'ECONNABORTED',
	'ETIMEDOUT',
	'EPIPE',
	'ESOCKETTIMEDOUT',
]);

/** Network failures that sending again may cure. A timeout is not one: it would only wait again. */
const TRANSIENT_CODES = new Set(['ECONNRESET', 'EPIPE']);

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

const NETWORK_FAILURE_MESSAGES: Record<string, string> = {
	ECONNRESET: 'The connection to TZSMM Pay was reset before it answered',
	EPIPE: 'The connection to TZSMM Pay was closed while the request was sent',
	ECONNREFUSED: 'TZSMM Pay refused the connection',
	ENOTFOUND: 'The host of the Base URL could not be found',
	EAI_AGAIN: 'The host of the Base URL could not be looked up',
};

function transportFailure(error: unknown, timeoutSeconds: number): Failure {
	const code = findErrorCode(error);
	let message: string;
	if (code && TIMEOUT_CODES.has(code)) {
		message = `TZSMM Pay did not answer within ${timeoutSeconds} second${timeoutSeconds === 1 ? '' : 's'}`;
	} else {
		message =
			(code && NETWORK_FAILURE_MESSAGES[code]) ??
			`The request to TZSMM Pay failed${code ? ` (${code})` : ''}`;
	}
	return {
		message,
		transient: code !== undefined && TRANSIENT_CODES.has(code),
		outcomeUnknown: code !== undefined && OUTCOME_UNKNOWN_CODES.has(code),
	};
}

/** The documented errors of the API, each with what to do about it. */
function apiFailure(apiMessage: string, status: number, orderLabel: string): Failure {
	const said = `(${apiMessage})`;
	switch (classifyApiError(apiMessage, status)) {
		case 401:
			return {
				message: `TZSMM Pay rejected the API key ${said}`,
				httpCode: 401,
				description:
					'Check the API key in the TZSMM Pay API credential; the Reseller page of your TZSMM Pay account shows it.',
			};
		case 402:
			return {
				message: `Your TZSMM Pay balance is too low for this order ${said}`,
				httpCode: 402,
				description:
					'Top up your reseller balance on TZSMM Pay, then run the node again. No order was placed.',
			};
		case 404:
			return {
				message: `${orderLabel} was not found ${said}`,
				httpCode: 404,
				description: 'Check the order ID: it must be an order placed with this API key.',
			};
		case 400:
			return {
				message: `TZSMM Pay refused the request as incorrect ${said}`,
				httpCode: 400,
				description:
					'Check the parameters: the service ID must be one of the panel’s services and the link an e-mail address.',
			};
		default:
			return {
				message: `TZSMM Pay refused the request ${said}`,
				httpCode: status >= 400 ? status : undefined,
				// An error the API does not document, from a failing server: it may have acted first.
				outcomeUnknown: status >= 500,
			};
	}
}

/** The documented error the panel meant: by its words first (they say more), else by the status. */
function classifyApiError(apiMessage: string, status: number): number | undefined {
	if (/api key/i.test(apiMessage)) return 401;
	if (/balance/i.test(apiMessage)) return 402;
	if (/order id/i.test(apiMessage)) return 404;
	if (/incorrect request/i.test(apiMessage)) return 400;
	return [400, 401, 402, 404].includes(status) ? status : undefined;
}

/** n8n wraps transport errors once or twice; the system error code sits on one of the layers. */
function findErrorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && isRecord(current); depth++) {
		if (typeof current.code === 'string' && /^E[A-Z_]+$/.test(current.code)) return current.code;
		current = current.cause;
	}
	return undefined;
}

/** Turns failures of one request into the node's errors, with the key kept out of every text. */
class FailureReporter {
	constructor(
		private readonly context: TzsmmPayContext,
		private readonly action: TzsmmPayAction,
		private readonly params: IDataObject,
		private readonly apiKey: string,
		private readonly itemIndex: number | undefined,
	) {}

	redact(text: string): string {
		return this.apiKey ? text.split(this.apiKey).join('***') : text;
	}

	/** The start of a body for an error's details; redacted before it is cut, so no part of the key shows. */
	bodyExcerpt(text: string): string {
		const flat = this.redact(text).replace(/\s+/g, ' ').trim();
		if (flat === '') return 'The body was empty.';
		const cut = flat.length > BODY_EXCERPT_LENGTH ? `${flat.slice(0, BODY_EXCERPT_LENGTH)}…` : flat;
		return `The body began: ${cut}`;
	}

	orderLabel(): string {
		if (this.params.order !== undefined) return `Order ${String(this.params.order)}`;
		if (this.params.orders !== undefined) return `One of the orders ${String(this.params.orders)}`;
		return 'The order';
	}

	/**
	 * The error for the last of `attempts` failed attempts. For `add` whose outcome is unknown the
	 * message itself (all that a Continue On Fail item keeps) says to check before trying again.
	 */
	toError(failure: Failure, attempts: number, stopReason?: string): NodeApiError {
		let message = failure.message;
		const details: string[] = [];
		if (attempts > 1) message += `; gave up after ${attempts} attempts`;
		if (stopReason) message += `; ${stopReason}`;
		if (this.action === 'add' && failure.outcomeUnknown) {
			message +=
				'. The order may have been placed: check your orders in TZSMM Pay before you try again';
			details.push(
				'The panel may have placed and charged the order before the answer was lost; ordering again without checking could charge the buyer twice.',
			);
		}
		if (failure.description) details.push(failure.description);

		const safeMessage = this.redact(message);
		const safeDescription = details.length ? this.redact(details.join(' ')) : undefined;
		const httpCode = failure.httpCode === undefined ? undefined : String(failure.httpCode);
		// The cause handed to n8n is built here from safe text only: the original error objects hold
		// the request's query string, and with it the key.
		const cause: JsonObject = { message: safeMessage, action: this.action, attempts };
		if (httpCode !== undefined) cause.httpCode = httpCode;
		const error = new NodeApiError(this.context.getNode(), cause, {
			message: safeMessage,
			description: safeDescription,
			httpCode,
			itemIndex: this.itemIndex,
		});
		if (this.action === 'add' && failure.outcomeUnknown) ordersMaybePlaced.add(error);
		return error;
	}
}
