/**
 * When a request to TZSMM Pay is sent again. Only read-only actions are: `add` spends balance, so a
 * second `add` could place (and charge) the order twice. Only answers that say "later" are:
 * 429 (too many requests), 502/503/504 (the panel or its gateway is briefly down) and a connection
 * reset. Everything else would fail the same way again.
 */

import type { TzsmmPayAction } from './types';

export const DEFAULT_RETRIES = 3;
export const MAX_RETRIES = 10;
export const DEFAULT_RETRY_WAIT_MS = 1000;
/** Longer waits than this are not worth blocking a workflow for; the request fails instead. */
export const MAX_RETRY_WAIT_MS = 60_000;

export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

export interface RetryPolicy {
	/** How many times a request may be sent again after its first attempt. */
	retries: number;
	/** The wait before the first retry; it doubles for each further one. */
	firstWaitMs: number;
}

export function retryPolicyFor(
	action: TzsmmPayAction,
	retries = DEFAULT_RETRIES,
	firstWaitMs = DEFAULT_RETRY_WAIT_MS,
): RetryPolicy {
	return action === 'add' ? { retries: 0, firstWaitMs: 0 } : { retries, firstWaitMs };
}

export type RetryDecision = { retry: true; waitMs: number } | { retry: false; reason?: string };

/**
 * Whether to send again after `attempts` transient failures, and after how long: the panel's
 * `Retry-After` when it gives one, otherwise exponential backoff from the policy's first wait.
 */
export function decideRetry(
	policy: RetryPolicy,
	attempts: number,
	retryAfter: string | undefined,
	now = Date.now(),
): RetryDecision {
	if (attempts > policy.retries) return { retry: false };
	const askedMs = parseRetryAfter(retryAfter, now);
	if (askedMs !== undefined && askedMs > MAX_RETRY_WAIT_MS) {
		return {
			retry: false,
			reason: `TZSMM Pay asked to wait ${Math.ceil(askedMs / 1000)} seconds before the next request`,
		};
	}
	const backoffMs = policy.firstWaitMs * 2 ** (attempts - 1);
	return { retry: true, waitMs: Math.min(askedMs ?? backoffMs, MAX_RETRY_WAIT_MS) };
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
