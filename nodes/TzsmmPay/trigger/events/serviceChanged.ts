/** Event Service Catalogue Changed: a service was added or removed, or its rate changed. */
import type { IDataObject, INodeProperties, IPollFunctions } from 'n8n-workflow';

import { fetchServices } from '../../shared/api';
import { normalizeRecord } from '../../shared/normalize';
import { isRecord } from '../../../../common/values';
import type { Observation } from '../poll';
import { PollClock } from '../pollClock';

/** No parameters: the whole catalogue is watched. */
export const description: INodeProperties[] = [];

type Value = IDataObject[string];

/** What the snapshot keeps of each service, by service ID. */
type Catalogue = Record<string, { name: Value; rate: Value }>;

function catalogueOf(services: IDataObject[]): Catalogue {
	const catalogue: Catalogue = {};
	for (const service of services) {
		catalogue[String(service.service)] = { name: service.name ?? null, rate: service.rate ?? null };
	}
	return catalogue;
}

/** Service IDs in ascending order, so that the changes of one poll always come in the same order. */
function byServiceId(a: string, b: string): number {
	return Number(a) - Number(b) || a.localeCompare(b);
}

/** One item per service added, removed or with a new rate between two catalogues. */
function compare(before: Catalogue, after: Catalogue): IDataObject[] {
	const ids = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(byServiceId);
	const changes: IDataObject[] = [];
	for (const id of ids) {
		const old = before[id];
		const current = after[id];
		const service = Number.isNaN(Number(id)) ? id : Number(id);
		if (old === undefined) {
			changes.push({ change: 'added', service, ...current, previousRate: null });
		} else if (current === undefined) {
			changes.push({
				change: 'removed',
				service,
				name: old.name,
				rate: null,
				previousRate: old.rate,
			});
		} else if (current.rate !== old.rate) {
			changes.push({ change: 'rateChanged', service, ...current, previousRate: old.rate });
		}
	}
	return changes;
}

/**
 * Fires for every service added to or removed from the catalogue, and every service whose rate
 * changed, in ascending service ID. A new name alone is not a change. The sample lists the current
 * catalogue as if every service had just been added.
 */
export async function observe(this: IPollFunctions): Promise<Observation> {
	const catalogue = catalogueOf(
		(await fetchServices.call(this, PollClock.of(this).requestSettings())).map(normalizeRecord),
	);
	return {
		snapshot: { services: catalogue },
		changesSince: (previous) =>
			isRecord(previous.services) ? compare(previous.services as Catalogue, catalogue) : [],
		sample: () => compare({}, catalogue),
	};
}
