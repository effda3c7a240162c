import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * The one place where the node talks to TZSMM Pay: it builds the request, sends it through n8n's
 * authenticated HTTP helper, and turns every way a panel can fail into a `NodeApiError` that says
 * in plain words what came back. It never retries: `add` spends money.
 */

export const CREDENTIAL_TYPE = 'tzsmmPayApi';

export type TzsmmPayAction = 'services' | 'status' | 'balance' | 'add';

export type TzsmmPayContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

interface TzsmmPayCredentials {
	apiKey: string;
	baseUrl: string;
}

export const DEFAULT_TIMEOUT_SECONDS = 30;

/** How one request is made: for which input item (errors name it), and how long it may take. */
export interface RequestSettings {
	itemIndex?: number;
	timeoutSeconds?: number;
}

const BODY_EXCERPT_LENGTH = 200;

export async function tzsmmPayRequest(
	this: TzsmmPayContext,
	action: TzsmmPayAction,
	params: IDataObject = {},
	{ itemIndex, timeoutSeconds = DEFAULT_TIMEOUT_SECONDS }: RequestSettings = {},
): Promise<unknown> {
	const credentials = await this.getCredentials<TzsmmPayCredentials>(CREDENTIAL_TYPE, itemIndex);
	const failure = new FailureReporter(this, action, params, credentials.apiKey, itemIndex);
	const baseUrl = String(credentials.baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '');
	if (!/^https?:\/\/[^\s/]+/i.test(baseUrl)) {
		throw new NodeOperationError(
			this.getNode(),
			'The Base URL of the TZSMM Pay API credential must start with http:// or https://',
			{ itemIndex, description: 'Open the credential and correct its Base URL.' },
		);
	}

	const request: IHttpRequestOptions = {
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

	let response: IN8nHttpFullResponse;
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			CREDENTIAL_TYPE,
			request,
		)) as IN8nHttpFullResponse;
	} catch (error) {
		throw failure.transportFailed(error, timeoutSeconds);
	}

	return interpretResponse(failure, action, response);
}

function interpretResponse(
	failure: FailureReporter,
	action: TzsmmPayAction,
	response: IN8nHttpFullResponse,
): unknown {
	const status = response.statusCode;
	const text = typeof response.body === 'string' ? response.body : String(response.body ?? '');

	if (status >= 300 && status < 400) {
		throw failure.fail(
			`TZSMM Pay answered with a redirect (HTTP ${status}), which the node does not follow`,
			status,
			'A redirect could carry the API key to another host. Set the Base URL of the credential to the address the panel redirects to, if you trust it.',
		);
	}

	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		throw failure.fail(
			`TZSMM Pay answered with ${describeNonJson(text)} instead of JSON (HTTP ${status})`,
			status >= 400 ? status : undefined,
			failure.bodyExcerpt(text),
		);
	}

	if (isRecord(body) && typeof body.error === 'string') {
		throw failure.apiError(body.error, status);
	}
	if (status >= 400) {
		throw failure.fail(`TZSMM Pay answered with HTTP ${status}`, status, failure.bodyExcerpt(text));
	}
	if (!hasExpectedShape[action](body)) {
		throw failure.fail(
			`TZSMM Pay answered action "${action}" with JSON of an unexpected shape (expected ${expectedShapeText[action]})`,
			undefined,
			failure.bodyExcerpt(text),
		);
	}
	return body;
}

export function isRecord(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const hasExpectedShape: Record<TzsmmPayAction, (body: unknown) => boolean> = {
	services: (body) => Array.isArray(body) && body.every(isRecord),
	status: (body) => isRecord(body),
	balance: (body) => isRecord(body) && body.balance !== undefined,
	add: (body) => isRecord(body) && /^\d+$/.test(String(body.order ?? '')),
};

const expectedShapeText: Record<TzsmmPayAction, string> = {
	services: 'a list of services',
	status: 'an object with the order status',
	balance: 'an object with a balance',
	add: 'an object with the new order ID',
};

function describeNonJson(text: string): string {
	const trimmed = text.trim();
	if (trimmed === '') return 'an empty body';
	if (trimmed.startsWith('<')) return 'an HTML page';
	return 'a body that is not valid JSON';
}

/** Network failures that leave open whether the panel received and acted on the request. */
const AMBIGUOUS_FAILURES = new Set([
	'ECONNRESET',
	'ECONNABORTED',
	'ETIMEDOUT',
	'EPIPE',
	'ESOCKETTIMEDOUT',
]);

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

const NETWORK_FAILURE_MESSAGES: Record<string, string> = {
	ECONNRESET: 'The connection to TZSMM Pay was reset before it answered',
	EPIPE: 'The connection to TZSMM Pay was closed while the request was sent',
	ECONNREFUSED: 'TZSMM Pay refused the connection',
	ENOTFOUND: 'The host of the Base URL could not be found',
	EAI_AGAIN: 'The host of the Base URL could not be looked up',
};

/** Builds the node's errors for one request, with the key kept out of every text. */
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

	fail(message: string, httpCode?: number, description?: string): NodeApiError {
		const safeMessage = this.redact(message);
		const safeDescription = description === undefined ? undefined : this.redact(description);
		// The cause handed to n8n is built here from safe text only: the original error objects hold
		// the request's query string, and with it the key.
		const cause: JsonObject = { message: safeMessage, action: this.action };
		if (httpCode !== undefined) cause.httpCode = String(httpCode);
		return new NodeApiError(this.context.getNode(), cause, {
			message: safeMessage,
			description: safeDescription,
			httpCode: httpCode === undefined ? undefined : String(httpCode),
			itemIndex: this.itemIndex,
		});
	}

	apiError(apiMessage: string, status: number): NodeApiError {
		const said = `(${apiMessage})`;
		switch (classifyApiError(apiMessage, status)) {
			case 401:
				return this.fail(
					`TZSMM Pay rejected the API key ${said}`,
					401,
					'Check the API key in the TZSMM Pay API credential; the Reseller page of your TZSMM Pay account shows it.',
				);
			case 402:
				return this.fail(
					`Your TZSMM Pay balance is too low for this order ${said}`,
					402,
					'Top up your reseller balance on TZSMM Pay, then run the node again. No order was placed.',
				);
			case 404:
				return this.fail(
					`${this.orderLabel()} was not found ${said}`,
					404,
					'Check the order ID: it must be an order placed with this API key.',
				);
			case 400:
				return this.fail(
					`TZSMM Pay refused the request as incorrect ${said}`,
					400,
					'Check the parameters: the service ID must be one of the panel’s services and the link an e-mail address.',
				);
			default:
				return this.fail(
					`TZSMM Pay refused the request ${said}`,
					status >= 400 ? status : undefined,
				);
		}
	}

	transportFailed(error: unknown, timeoutSeconds: number): NodeApiError {
		const code = findErrorCode(error);
		let message: string;
		if (code && TIMEOUT_CODES.has(code)) {
			message = `TZSMM Pay did not answer within ${timeoutSeconds} second${timeoutSeconds === 1 ? '' : 's'}`;
		} else {
			message =
				(code && NETWORK_FAILURE_MESSAGES[code]) ??
				`The request to TZSMM Pay failed${code ? ` (${code})` : ''}`;
		}
		let description: string | undefined;
		if (this.action === 'add' && code && AMBIGUOUS_FAILURES.has(code)) {
			message += '. The order may have been placed';
			description =
				'Check your orders in TZSMM Pay before you try again, so that the buyer is not charged twice.';
		}
		return this.fail(message, undefined, description);
	}

	private orderLabel(): string {
		if (this.params.order !== undefined) return `Order ${String(this.params.order)}`;
		if (this.params.orders !== undefined) return `One of the orders ${String(this.params.orders)}`;
		return 'The order';
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
