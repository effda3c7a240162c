import type {
	IAuthenticate,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import { ALLOW_UNENCRYPTED_LABEL, checkBaseUrl } from '../nodes/TzsmmPay/shared/transport/baseUrl';
import { checkRequestsPerMinute } from '../nodes/TzsmmPay/shared/transport/pacing';

const INVALID_KEY_MESSAGE = 'Invalid API key';

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
			default: 'https://tzsmmpay.com/api/smmpanel/v1',
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
	// n8n calls it before every request with this credential, the credential test included, so it
	// is where a key bound for plain http:// elsewhere, or a bad Requests per Minute, is stopped
	// before anything is sent.
	authenticate: IAuthenticate = async (credentials, requestOptions) => {
		const { baseURL = '', url = '' } = requestOptions;
		const target = checkBaseUrl(
			/^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `${baseURL}${url}`,
			credentials.allowUnencryptedHttp === true,
		);
		if (!target.allowed) throw new UserError(target.message, { description: target.description });
		const pacing = checkRequestsPerMinute(credentials.requestsPerMinute);
		if (!pacing.valid) throw new UserError(pacing.message, { description: pacing.description });
		return { ...requestOptions, qs: { ...requestOptions.qs, key: credentials.apiKey } };
	};

	// Panels answer a bad key either with HTTP 401 or with HTTP 200 and an `error` field; both
	// must fail the test with the API's own words. n8n's type allows only one kind of rule per
	// array although its tester evaluates both kinds, hence the cast.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '',
			method: 'GET',
			qs: { action: 'balance' },
			disableFollowRedirect: true,
		},
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: INVALID_KEY_MESSAGE } },
			{
				type: 'responseSuccessBody',
				properties: { key: 'error', value: INVALID_KEY_MESSAGE, message: INVALID_KEY_MESSAGE },
			},
		] as ICredentialTestRequest['rules'],
	};
}
