import type {
	IAuthenticate,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import { ALLOW_UNENCRYPTED_LABEL, credentialRefusal } from '../common/credentialRules';

const INVALID_KEY_MESSAGE = 'Invalid API key';
const DEFAULT_BASE_URL = 'https://tzsmmpay.com/api/smmpanel/v1';
const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
const CHECK_BASE_URL = `Check the Base URL of the credential (TZSMM Pay's is ${DEFAULT_BASE_URL})`;

export class TzsmmPayApi implements ICredentialType {
	name = 'tzsmmPayApi';

	displayName = 'TZSMM Pay API';

	icon: Icon = {
		light: 'file:../nodes/TzsmmPay/tzsmmpay.svg',
		dark: 'file:../nodes/TzsmmPay/tzsmmpay.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-tzsmmpay/n8n-nodes-tzsmmpay#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Your reseller API key, from the Reseller page of your TZSMM Pay account',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			description: 'The API endpoint. Change it only for a sandbox or a self-hosted panel.',
		},
		{
			displayName: 'Requests per Minute',
			name: 'requestsPerMinute',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 0 },
			default: 0,
			description:
				"Your panel's limit of requests per minute for this key. Every request made with this credential in this n8n instance (all nodes, triggers and executions at once) is then paced to stay within it. 0 sends requests without pacing.",
		},
		{
			displayName: ALLOW_UNENCRYPTED_LABEL,
			name: 'allowUnencryptedHttp',
			type: 'boolean',
			default: false,
			description:
				'Whether to send requests to a plain http:// Base URL on another machine. The API key then travels unencrypted: anyone on the network between n8n and the panel can read it and spend your balance. Turn it on only for a self-hosted panel on a network you trust; this machine (127.0.0.1, ::1, localhost) needs no such option.',
		},
	];

	// The vendor documents the key as the query parameter `key`. A function, not n8n's declarative
	// form, whose expression n8n evaluates anew for every request (100 for a list of 10,000 IDs).
	// n8n calls it before every request with this credential, the credential Test included, so it
	// is the one gate of the credential's rules (common/credentialRules.ts): nothing it refuses is
	// sent.
	authenticate: IAuthenticate = async (credentials, requestOptions) => {
		const { baseURL = '', url = '' } = requestOptions;
		const target = /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `${baseURL}${url}`;
		const refusal = credentialRefusal(credentials, target);
		if (refusal) throw new UserError(refusal.message, { description: refusal.description });
		return { ...requestOptions, qs: { ...requestOptions.qs, key: credentials.apiKey } };
	};

	// Test passes only for an answer shaped like TZSMM Pay's balance. n8n's declarative test can
	// only fail on a status code or on a field of the JSON body equal to a value (a custom test
	// function would get only n8n's deprecated request helper, which the community-node rules
	// forbid), so each rule below names one way the answer is not the balance: the API's own words
	// for a bad key, a redirect, a 404, an HTML page (its first character), an empty body, and a
	// body without a balance or a currency. Whether the balance is a number no rule can tell; the
	// node checks that on every request. n8n's type allows one kind of rule per array although its
	// tester evaluates both kinds, hence the cast.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '',
			method: 'GET',
			qs: { action: 'balance' },
			disableFollowRedirect: true,
			// n8n 2.x fails the test on these statuses itself and lets the rules name them; every other
			// answer reaches the body rules whatever its status (so a 401 with the API's words does).
			// n8n 1.x lets every status through to the body rules, and never applies status rules.
			ignoreHttpStatusErrors: { ignore: true, except: [401, 404, ...REDIRECT_STATUSES] },
		},
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: INVALID_KEY_MESSAGE } },
			...REDIRECT_STATUSES.map((status) => ({
				type: 'responseCode' as const,
				properties: {
					value: status,
					message: `The Base URL answered with a redirect (HTTP ${status}), which n8n does not follow: it would carry the API key elsewhere. ${CHECK_BASE_URL}, or set it to the address the panel redirects to if you trust it.`,
				},
			})),
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: `The Base URL answered "not found" (HTTP 404): nothing answers there. ${CHECK_BASE_URL}.`,
				},
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'error', value: INVALID_KEY_MESSAGE, message: INVALID_KEY_MESSAGE },
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: '0',
					value: '<',
					message: `The Base URL answered with an HTML page, not with TZSMM Pay's balance (a website, a login or a firewall page). ${CHECK_BASE_URL}.`,
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'length',
					value: 0,
					message: `The Base URL answered with an empty body (or a redirect, which n8n does not follow), not with TZSMM Pay's balance. ${CHECK_BASE_URL}.`,
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error',
					value: 'Incorrect request',
					message: `The Base URL answered "Incorrect request" instead of the balance: it reaches a panel, but not TZSMM Pay's reseller API. ${CHECK_BASE_URL}.`,
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'balance',
					value: undefined,
					message: `The Base URL answered without a balance (an error of its own, a list, text or another API's JSON), so it is not TZSMM Pay's reseller API. ${CHECK_BASE_URL}.`,
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'currency',
					value: undefined,
					message: `The Base URL answered with a balance but no currency, unlike TZSMM Pay's reseller API. ${CHECK_BASE_URL}.`,
				},
			},
		] as ICredentialTestRequest['rules'],
	};
}
