/**
 * When a request to TZSMM Pay is sent again. Only answers that say "later" are: 429 (too many
 * requests), 502/503/504 (the panel or its gateway is briefly down) and a connection reset.
 * Everything else would fail the same way again. `add` spends balance, so it is sent again only
 * after a 429: the panel turned it away unread, so nothing was ordered. After a 503 nothing was
 * ordered either, but the panel is down for longer than a workflow should wait; after a 500, 502,
 * 504 or a reset the order may exist, and a second `add` could place (and charge) it twice.
 */

import type { TzsmmPayAction } from './types';

export const DEFAULT_RETRIES = 3;
export const MAX_RETRIES = 10;
export const DEFAULT_RETRY_WAIT_MS = 1000;
/** Longer waits than this after a 5xx are not worth blocking a workflow for; it fails instead. */
export const MAX_RETRY_WAIT_MS = 60_000;

/** A panel's rate-limit window, waited out after a 429 without `Retry-After`. */
const RATE_LIMIT_WINDOW_MS = 60_000;
export const DEFAULT_RATE_LIMIT_WAIT_SECONDS = 60;
export const MAX_RATE_LIMIT_WAIT_SECONDS = 600;
/** How often `add` is sent again after 429s: each proves that nothing was ordered. */
export const ADD_RESENDS_AFTER_RATE_LIMIT = 3;

const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Network failures that sending again may cure. A timeout is not one: it would only wait again. */
const TRANSIENT_NETWORK_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'EPIPE']);

/** Network failures after which the panel may have received, and acted on, the request. */
const OUTCOME_UNKNOWN_NETWORK_CODES: ReadonlySet<string> = new Set([
	'ECONNRESET',
	'ECONNABORTED',
	'ETIMEDOUT',
	'EPIPE',
	'ESOCKETTIMEDOUT',
]);

/** What a failed attempt says: whether sending it again may cure it, and whether the panel may have acted on it. */
export interface AttemptVerdict {
	transient: boolean;
	outcomeUnknown: boolean;
}

/**
 * The verdict on an attempt the panel answered with `status` but no usable answer. 429 and 503
 * turn the request away unread; behind a 500, 502 or 504, or a 2xx that is not the answer, the
 * panel may have acted before the answer was lost. 4xx are refusals.
 */
export function judgeStatus(status: number): AttemptVerdict {
	return {
		transient: TRANSIENT_STATUSES.has(status),
		outcomeUnknown: status < 300 || (status >= 500 && status !== 503),
	};
}

/** The verdict on an attempt whose connection failed with the system error `code`. */
export function judgeNetworkCode(code: string | undefined): AttemptVerdict {
	return {
		transient: code !== undefined && TRANSIENT_NETWORK_CODES.has(code),
		outcomeUnknown: code !== undefined && OUTCOME_UNKNOWN_NETWORK_CODES.has(code),
	};
}

export interface RetryPolicy {
	/** How many times a request may be sent again after its first attempt. */
	retries: number;
	/** The wait before the first retry after a 5xx or a reset; it doubles for each further one. */
	firstWaitMs: number;
	/** The longest wait after a 429: `Retry-After` beyond it fails, the panel's window is cut to it. */
	rateLimitWaitMs: number;
	/** Whether only a 429 is sent again (`add`). */
	onlyAfterRateLimit: boolean;
}

export interface RetrySettings {
	retries?: number;
	retryWaitMs?: number;
	rateLimitWaitMs?: number;
}

export function retryPolicyFor(
	action: TzsmmPayAction,
	{
		retries = DEFAULT_RETRIES,
		retryWaitMs = DEFAULT_RETRY_WAIT_MS,
		rateLimitWaitMs = DEFAULT_RATE_LIMIT_WAIT_SECONDS * 1000,
	}: RetrySettings = {},
): RetryPolicy {
	return action === 'add'
		? {
				retries: ADD_RESENDS_AFTER_RATE_LIMIT,
				firstWaitMs: 0,
				rateLimitWaitMs,
				onlyAfterRateLimit: true,
			}
		: { retries, firstWaitMs: retryWaitMs, rateLimitWaitMs, onlyAfterRateLimit: false };
}

export type RetryDecision =
	| { retry: true; waitMs: number; rateLimited: boolean }
	| { retry: false; reason?: string };

/** What the decision needs to know of a failed attempt. */
export interface TransientFailure {
	httpCode?: number;
	retryAfter?: string;
}

/**
 * Whether to send again after `attempts` transient failures, and after how long. After a 429: the
 * panel's `Retry-After`, or without one its window (a minute), never longer than the policy's rate
 * limit wait. After a 5xx or a reset: `Retry-After` when given, otherwise exponential backoff.
 */
export function decideRetry(
	policy: RetryPolicy,
	attempts: number,
	{ httpCode, retryAfter }: TransientFailure,
	now = Date.now(),
): RetryDecision {
	const rateLimited = httpCode === 429;
	if (policy.onlyAfterRateLimit && !rateLimited) return { retry: false };
	if (attempts > policy.retries) return { retry: false };
	const askedMs = parseRetryAfter(retryAfter, now);

	if (rateLimited) {
		if (policy.rateLimitWaitMs <= 0)
			return { retry: false, reason: 'the Rate Limit Wait is 0 seconds' };
		const boundSeconds = Math.round(policy.rateLimitWaitMs / 1000);
		if (askedMs !== undefined && askedMs > policy.rateLimitWaitMs) {
			return {
				retry: false,
				reason: `TZSMM Pay asked to wait ${Math.ceil(askedMs / 1000)} seconds before the next request, longer than the Rate Limit Wait of ${boundSeconds} seconds`,
			};
		}
		const waitMs = askedMs ?? Math.min(RATE_LIMIT_WINDOW_MS, policy.rateLimitWaitMs);
		return { retry: true, waitMs, rateLimited };
	}

	if (askedMs !== undefined && askedMs > MAX_RETRY_WAIT_MS) {
		return {
			retry: false,
			reason: `TZSMM Pay asked to wait ${Math.ceil(askedMs / 1000)} seconds before the next request`,
		};
	}
	const backoffMs = policy.firstWaitMs * 2 ** (attempts - 1);
	return { retry: true, waitMs: Math.min(askedMs ?? backoffMs, MAX_RETRY_WAIT_MS), rateLimited };
}

/** The date format HTTP servers send (IMF-fixdate), e.g. `Thu, 26 Nov 2026 12:00:30 GMT`. */
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** `Retry-After` as milliseconds from now: either delay-seconds or an HTTP date (RFC 9110). */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
	if (value === undefined) return undefined;
	const text = value.trim();
	if (/^\d+$/.test(text)) return Number(text) * 1000;
	if (!HTTP_DATE.test(text)) return undefined;
	return Math.max(0, Date.parse(text) - now);
}
