/**
 * Failures of the connection itself (no answer came): what to call them. Whether sending again may
 * cure them, and whether the panel may have acted on the request, retry.ts judges.
 */
import { isRecord } from '../../../../common/values';
import type { Failure } from './failure';
import { judgeNetworkCode } from './retry';

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
	return { message, ...judgeNetworkCode(code) };
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
