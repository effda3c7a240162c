import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { fetchBalance } from '../../shared/api';
import { runForEachItem } from '../../shared/itemRunner';
import { normalizeRecord } from '../../shared/normalize';
import { optionsCollection, readOptions } from '../../shared/options';

const show = { resource: ['account'], operation: ['getBalance'] };

export const toolDescription =
	'Gets the reseller\'s TZSMM Pay balance: the money left for new licence orders. Takes no input. Returns [{"balance": 25.5, "currency": "USD"}].';

export const description: INodeProperties[] = [optionsCollection(show, { readOnly: true })];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	// Every item asks the same question, so one request answers them all.
	let balance: Promise<IDataObject> | undefined;
	return await runForEachItem(this, {
		read: (itemIndex) => readOptions(this, itemIndex),
		send: async ({ raw, request }) => {
			balance ??= fetchBalance.call(this, request);
			const answer = await balance;
			if (raw) return answer;
			const { balance: amount, currency } = normalizeRecord(answer);
			return { balance: amount, currency };
		},
	});
}
