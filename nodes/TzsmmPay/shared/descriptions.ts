import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_SECONDS } from './transport';

type DisplayCondition = { resource: string[]; operation: string[] };

/** The Options collection every operation offers. `readOptions` in input.ts reads it. */
export function optionsCollection(show: DisplayCondition): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Raw Response',
				name: 'rawResponse',
				type: 'boolean',
				default: false,
				description:
					'Whether to return the response of TZSMM Pay untouched: numbers stay strings as the API sent them and no fields are added',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_TIMEOUT_SECONDS,
				description: 'How long to wait for TZSMM Pay to answer each request',
			},
		],
	};
}
