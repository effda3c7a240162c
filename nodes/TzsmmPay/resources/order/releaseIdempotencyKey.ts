import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { IdempotencyKeys } from '../../shared/idempotency';
import { runForEachItem } from '../../shared/itemRunner';
import { readKeyToRelease } from '../../shared/parameters';

const show = { resource: ['order'], operation: ['releaseIdempotencyKey'] };

export const description: INodeProperties[] = [
	{
		displayName:
			'Releasing a key lets the next Create with it order again. Release only keys whose order TZSMM Pay does not have: a released key whose order exists pays for a second licence.',
		name: 'releaseNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Idempotency Key',
		name: 'idempotencyKey',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.saleId }}',
		description:
			'The key to forget, as the Create node of this workflow received it in its Idempotency Key (the sale ID, usually). Keys are kept per workflow, so this node must be in the same workflow as that Create node.',
		displayOptions: { show },
	},
];

/**
 * Forgets each item's Idempotency Key, so that the next Create with it orders again; sends no
 * request. A node of its own, so that a Create node can never be left releasing by mistake.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const keys = new IdempotencyKeys(this);
	return await runForEachItem(this, {
		read: (itemIndex) =>
			readKeyToRelease(this, this.getNodeParameter('idempotencyKey', itemIndex, ''), itemIndex),
		send: async (idempotencyKey) => await keys.releaseAsItem(idempotencyKey),
	});
}
