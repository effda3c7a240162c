/**
 * The TZSMM Pay API credential's rules, the one gate every request with it passes: the credential's
 * `authenticate` asks them before it adds the key to a request (the node's, the trigger's and the
 * credential Test's alike), and refuses with these words. The transport reads the same fields with
 * the same readers, and names the item when the gate refuses.
 */
import { describeValue, parseNumber } from './values';

const CREDENTIAL_NAME = 'the TZSMM Pay API credential';

/**
 * Whether an error's message is one of these rules' refusals: n8n wraps the credential's error in
 * its own, keeping the message.
 */
export function isCredentialRefusal(message: string): boolean {
	return message.includes(` of ${CREDENTIAL_NAME} `);
}

/** The Base URL as requests go to it: trimmed, without trailing slashes. */
export function baseUrlOf(baseUrl: unknown): string {
	return String(baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '');
}

/** This machine: the sandbox, or a panel reached through a local tunnel. (URL writes ::1 as [::1].) */
const THIS_MACHINE = new Set(['127.0.0.1', '[::1]', 'localhost']);

export const ALLOW_UNENCRYPTED_LABEL = 'Allow Unencrypted HTTP';

export type BaseUrlVerdict =
	| { allowed: true; url: string }
	| { allowed: false; message: string; description: string };

/**
 * The Base URL without trailing slashes, or why requests carrying the key must not go there. The
 * key travels in the query string, so a plain http:// Base URL would hand it, readable, to every
 * network between n8n and the panel (`http://tzsmmpay.com` is a typo away): https:// always may;
 * http:// only to this machine, or anywhere when the credential's "Allow Unencrypted HTTP" is on.
 */
export function checkBaseUrl(baseUrl: unknown, allowUnencrypted: boolean): BaseUrlVerdict {
	const url = baseUrlOf(baseUrl);
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed || !/^https?:$/.test(parsed.protocol) || !/^https?:\/\//i.test(url)) {
		return {
			allowed: false,
			message: `The Base URL of ${CREDENTIAL_NAME} must start with http:// or https://`,
			description: 'Open the credential and correct its Base URL.',
		};
	}
	if (parsed.protocol === 'https:' || allowUnencrypted || THIS_MACHINE.has(parsed.hostname)) {
		return { allowed: true, url };
	}
	return {
		allowed: false,
		message: `The Base URL of ${CREDENTIAL_NAME} starts with http://, which would send the API key unencrypted`,
		description:
			`Nothing was sent to ${parsed.host}. Use https:// (the TZSMM Pay API is https://tzsmmpay.com/api/smmpanel/v1). ` +
			'Plain http:// is accepted only for this machine (127.0.0.1, ::1, localhost), or for a panel ' +
			`on your own network once "${ALLOW_UNENCRYPTED_LABEL}" is on in the credential.`,
	};
}

type RequestsPerMinuteCheck =
	| { valid: true; perMinute: number }
	| { valid: false; message: string; description: string };

/** The credential's Requests per Minute, checked: empty or 0 for no pacing, else a whole number. */
function checkRequestsPerMinute(value: unknown): RequestsPerMinuteCheck {
	if (value === undefined || value === null || value === '') return { valid: true, perMinute: 0 };
	const perMinute = parseNumber(value);
	if (perMinute !== undefined && Number.isInteger(perMinute) && perMinute >= 0) {
		return { valid: true, perMinute };
	}
	return {
		valid: false,
		message: `The Requests per Minute of ${CREDENTIAL_NAME} is not a whole number of 0 or more: ${describeValue(value)}`,
		description:
			"Open the credential and enter your panel's limit of requests per minute, or 0 to send requests without pacing.",
	};
}

/** Requests per Minute for pacing: a bad value counts as 0, as the gate refuses it before sending. */
export function requestsPerMinuteOf(value: unknown): number {
	const check = checkRequestsPerMinute(value);
	return check.valid ? check.perMinute : 0;
}

/** The fields the rules read. */
export interface CredentialFields {
	baseUrl?: unknown;
	allowUnencryptedHttp?: unknown;
	requestsPerMinute?: unknown;
}

/** The gate: why a request to `url` with this credential must not be sent, or undefined. */
export function credentialRefusal(
	credentials: CredentialFields,
	url: string,
): { message: string; description: string } | undefined {
	const target = checkBaseUrl(url, credentials.allowUnencryptedHttp === true);
	if (!target.allowed) return target;
	const pacing = checkRequestsPerMinute(credentials.requestsPerMinute);
	if (!pacing.valid) return pacing;
	return undefined;
}
