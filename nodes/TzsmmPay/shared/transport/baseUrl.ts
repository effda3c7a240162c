/**
 * Where the API key may be sent. It travels in the query string, so a plain http:// Base URL would
 * hand it, readable, to every network between n8n and the panel (`http://tzsmmpay.com` is a typo
 * away). The credential asks this before it adds the key to any request, the credential test
 * included, and the transport asks it first so that its error can name the item: one rule, here.
 */

/** This machine: the sandbox, or a panel reached through a local tunnel. (URL writes ::1 as [::1].) */
const THIS_MACHINE = new Set(['127.0.0.1', '[::1]', 'localhost']);

export const ALLOW_UNENCRYPTED_LABEL = 'Allow Unencrypted HTTP';

export type BaseUrlVerdict =
	| { allowed: true; url: string }
	| { allowed: false; message: string; description: string };

/**
 * The Base URL without trailing slashes, or why requests carrying the key must not go there:
 * https:// always may; http:// only to this machine, or anywhere when the credential's
 * "Allow Unencrypted HTTP" is on.
 */
export function checkBaseUrl(baseUrl: unknown, allowUnencrypted: boolean): BaseUrlVerdict {
	const url = String(baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '');
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed || !/^https?:$/.test(parsed.protocol) || !/^https?:\/\//i.test(url)) {
		return {
			allowed: false,
			message: 'The Base URL of the TZSMM Pay API credential must start with http:// or https://',
			description: 'Open the credential and correct its Base URL.',
		};
	}
	if (parsed.protocol === 'https:' || allowUnencrypted || THIS_MACHINE.has(parsed.hostname)) {
		return { allowed: true, url };
	}
	return {
		allowed: false,
		message:
			'The Base URL of the TZSMM Pay API credential starts with http://, which would send the API key unencrypted',
		description:
			`Nothing was sent to ${parsed.host}. Use https:// (the TZSMM Pay API is https://tzsmmpay.com/api/smmpanel/v1). ` +
			'Plain http:// is accepted only for this machine (127.0.0.1, ::1, localhost), or for a panel ' +
			`on your own network once "${ALLOW_UNENCRYPTED_LABEL}" is on in the credential.`,
	};
}
