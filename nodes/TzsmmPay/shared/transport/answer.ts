/**
 * Reading the panel's answer to one attempt: a redirect, a status that says "later", a body that is
 * not JSON, a documented API error, or JSON of the shape the action promises. Only the last counts
 * as an answer; everything else is a `Failure` that says what came back.
 */
import type { IN8nHttpFullResponse } from 'n8n-workflow';

import { isDecimalText, isRecord } from '../../../../common/values';
import { apiFailure } from './apiErrors';
import type { Failure, FailureReporter } from './failure';
import { judgeStatus } from './retry';
import type { TzsmmPayAction } from './types';

export type Attempt = { ok: true; body: unknown } | { ok: false; failure: Failure };

/** The answer to `action` in the full response n8n's helper returned, or why it is none. */
export function readAnswer(
	reporter: FailureReporter,
	action: TzsmmPayAction,
	response: IN8nHttpFullResponse,
): Attempt {
	const status = response.statusCode;
	const text = typeof response.body === 'string' ? response.body : String(response.body ?? '');
	const failed = (failure: Failure): Attempt => ({ ok: false, failure });
	const verdict = judgeStatus(status);

	if (status >= 300 && status < 400) {
		return failed({
			message: `TZSMM Pay answered with a redirect (HTTP ${status}), which the node does not follow`,
			httpCode: status,
			description:
				'A redirect could carry the API key to another host. Set the Base URL of the credential to the address the panel redirects to, if you trust it.',
		});
	}
	if (verdict.transient) {
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
			retryAfter: headerValue(response.headers, 'retry-after'),
			...verdict,
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
			outcomeUnknown: verdict.outcomeUnknown,
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
			outcomeUnknown: verdict.outcomeUnknown,
		});
	}
	if (!hasExpectedShape[action](body)) {
		return failed({
			message: `TZSMM Pay answered action "${action}" with JSON of an unexpected shape (expected ${expectedShapeText[action]})`,
			description: reporter.bodyExcerpt(text),
			outcomeUnknown: verdict.outcomeUnknown,
		});
	}
	return { ok: true, body };
}

function headerValue(headers: IN8nHttpFullResponse['headers'], name: string): string | undefined {
	const value = headers?.[name];
	if (Array.isArray(value)) return value[0] === undefined ? undefined : String(value[0]);
	return value === undefined || value === null ? undefined : String(value);
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
	return typeof value === 'string' && isDecimalText(value);
}

function describeNonJson(text: string): string {
	const trimmed = text.trim();
	if (trimmed === '') return 'an empty body instead of JSON';
	if (trimmed.startsWith('<')) return 'an HTML page instead of JSON';
	if (trimmed.startsWith('{') || trimmed.startsWith('[')) return 'incomplete or invalid JSON';
	return 'text instead of JSON';
}
