import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

type DisplayCondition = { resource: string[]; operation: string[] };

/** The Options collection every operation offers: today just the raw-response switch. */
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
		],
	};
}

export function wantsRawResponse(this: IExecuteFunctions, itemIndex: number): boolean {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return options.rawResponse === true;
}
