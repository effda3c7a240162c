/** Event Balance Below Threshold: the balance fell below the Threshold since the last poll. */
import type { IDataObject, INodeProperties, IPollFunctions } from 'n8n-workflow';

import { fetchBalance } from '../../shared/api';
import { normalizeRecord } from '../../shared/normalize';
import { invalidInput } from '../../shared/parameters';
import { describeValue, parseNumber } from '../../../../common/values';
import type { Observation } from '../poll';
import { PollClock } from '../pollClock';

export const description: INodeProperties[] = [
	{
		displayName: 'Threshold',
		name: 'threshold',
		type: 'number',
		required: true,
		default: 10,
		description:
			'Start the workflow once when the balance falls below this amount, in the currency of your TZSMM Pay account. It starts again only after the balance has been at or above it.',
		displayOptions: { show: { event: ['balanceBelow'] } },
	},
];

function readThreshold(context: IPollFunctions): number {
	const value = context.getNodeParameter('threshold', '');
	const threshold = parseNumber(value);
	if (threshold === undefined) {
		throw invalidInput(context, 'Threshold', undefined, `${describeValue(value)} is not a number`);
	}
	return threshold;
}

/**
 * Fires when the balance goes from at or above the threshold to below it, once: the snapshot
 * remembers whether the balance was below, and only a poll that sees it at or above the threshold
 * arms the event again. A changed threshold starts afresh, like a first poll.
 */
export async function observe(this: IPollFunctions): Promise<Observation> {
	const threshold = readThreshold(this);
	const { balance, currency } = normalizeRecord(
		await fetchBalance.call(this, PollClock.of(this).requestSettings()),
	);
	// The transport has checked that the balance is numeric.
	const amount = Number(balance);
	const below = amount < threshold;
	const alert: IDataObject = { balance: amount, currency: currency ?? null, threshold };
	return {
		snapshot: { threshold, below },
		changesSince: (previous) =>
			previous.threshold === threshold && previous.below === false && below ? [alert] : [],
		sample: () => [alert],
	};
}
