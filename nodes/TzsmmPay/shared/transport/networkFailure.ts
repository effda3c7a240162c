/**
 * Failures of the connection itself (no answer came): what to call them, whether sending again may
 * cure them, and whether the panel may have acted on the request before the connection failed.
 */
import { isRecord } from '../values';
import type { Failure } from './failure';

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

/** The failure for an error n8n's HTTP helper threw instead of returning an answer. */
export function networkFailure(error: unknown, timeoutSeconds: number): Failure {
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

/** n8n wraps transport errors once or twice; the system error code sits on one of the layers. */
function findErrorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && isRecord(current); depth++) {
		if (typeof current.code === 'string' && /^E[A-Z_]+$/.test(current.code)) return current.code;
		current = current.cause;
	}
	return undefined;
}
