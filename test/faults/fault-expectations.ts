/**
 * What the node must say for each fault the sandbox can inject (sandbox/server.js),
 * and whether it may send the request again. Shared by the fault suites so that they agree.
 */
import { FAULT_NAMES } from '../../sandbox/server';

export type Action = 'services' | 'status' | 'balance' | 'add';
export type FaultName = (typeof FAULT_NAMES)[number];

interface FaultExpectation {
	message: (action: Action, timeoutSeconds: number) => string;
	/** A read-only request is sent again after it (429, 502-504, a reset connection); `add` only after a 429. */
	transient: boolean;
	/** The panel may have acted on the request, so a failed `add` may have placed the order (not after a 429 or 503). */
	outcomeUnknown: boolean;
	httpCode?: string;
}

const expectedShape: Record<Action, string> = {
	services: 'a list of services',
	status: 'an object with the order status',
	balance: 'an object with a numeric balance',
	add: 'an object with the new order ID',
};

export const FAULTS: Record<string, FaultExpectation> = {
	serverErrorPage: {
		message: () => 'TZSMM Pay answered with an HTML page instead of JSON (HTTP 500)',
		transient: false,
		outcomeUnknown: true,
		httpCode: '500',
	},
	challengePage: {
		message: () => 'TZSMM Pay answered with an HTML page instead of JSON (HTTP 200)',
		transient: false,
		outcomeUnknown: true,
	},
	emptyBody: {
		message: () => 'TZSMM Pay answered with an empty body instead of JSON (HTTP 200)',
		transient: false,
		outcomeUnknown: true,
	},
	truncatedJson: {
		message: () => 'TZSMM Pay answered with incomplete or invalid JSON (HTTP 200)',
		transient: false,
		outcomeUnknown: true,
	},
	wrongShape: {
		message: (action) =>
			`TZSMM Pay answered action "${action}" with JSON of an unexpected shape (expected ${expectedShape[action]})`,
		transient: false,
		outcomeUnknown: true,
	},
	tooManyRequests: {
		message: () => 'TZSMM Pay is limiting requests (HTTP 429 Too Many Requests)',
		transient: true,
		outcomeUnknown: false,
		httpCode: '429',
	},
	tooManyRequestsWithoutRetryAfter: {
		message: () => 'TZSMM Pay is limiting requests (HTTP 429 Too Many Requests)',
		transient: true,
		outcomeUnknown: false,
		httpCode: '429',
	},
	badGateway: {
		message: () => 'TZSMM Pay is temporarily unavailable (HTTP 502)',
		transient: true,
		outcomeUnknown: true,
		httpCode: '502',
	},
	serviceUnavailable: {
		message: () => 'TZSMM Pay is temporarily unavailable (HTTP 503)',
		transient: true,
		// A 503 says the panel could not handle the request at all: no order was placed.
		outcomeUnknown: false,
		httpCode: '503',
	},
	gatewayTimeout: {
		message: () => 'TZSMM Pay is temporarily unavailable (HTTP 504)',
		transient: true,
		outcomeUnknown: true,
		httpCode: '504',
	},
	connectionReset: {
		message: () => 'The connection to TZSMM Pay was reset before it answered',
		transient: true,
		outcomeUnknown: true,
	},
	connectionResetAfterWork: {
		message: () => 'The connection to TZSMM Pay was reset before it answered',
		transient: true,
		outcomeUnknown: true,
	},
	slowReply: {
		message: (_action, timeoutSeconds) =>
			`TZSMM Pay did not answer within ${timeoutSeconds} second${timeoutSeconds === 1 ? '' : 's'}`,
		transient: false,
		outcomeUnknown: true,
	},
	redirect: {
		message: () => 'TZSMM Pay answered with a redirect (HTTP 302), which the node does not follow',
		transient: false,
		outcomeUnknown: false,
		httpCode: '302',
	},
};

/** Create sends `add` again after a 429 (which proves nothing was ordered) up to 3 times. */
const ADD_RESENDS_AFTER_RATE_LIMIT = 3;

/** How many attempts the node makes when every one meets `fault`, with `retries` allowed. */
export function attemptsFor(fault: FaultName, action: Action, retries: number): number {
	if (action === 'add')
		return FAULTS[fault].httpCode === '429' ? ADD_RESENDS_AFTER_RATE_LIMIT + 1 : 1;
	return FAULTS[fault].transient ? retries + 1 : 1;
}

/** The message of the error the node raises once `fault` met every one of its attempts. */
export function finalMessage(
	fault: FaultName,
	action: Action,
	{ attempts, timeoutSeconds }: { attempts: number; timeoutSeconds: number },
): string {
	const expectation = FAULTS[fault];
	let message = expectation.message(action, timeoutSeconds);
	if (attempts > 1) message += `; gave up after ${attempts} attempts`;
	if (action === 'add' && expectation.outcomeUnknown)
		message +=
			'. The order may have been placed: check your orders in TZSMM Pay before you try again';
	return message;
}
