/**
 * Create's check before any order is placed: an item whose service the panel does not offer (an ID
 * from an expression may be stale or mistyped) is refused, naming the services it does offer.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fetchServices } from '../../shared/api';
import { invalidInput } from '../../shared/parameters';
import type { RequestSettings } from '../../shared/transport/types';

/** How many services an "unknown service" message lists before it says how many more there are. */
const LISTED_SERVICES = 20;

/** The check of one run: the catalogue is fetched once, for the first item that needs it. */
export function serviceCheck(context: IExecuteFunctions, label: string) {
	let catalogue: Promise<IDataObject[]> | undefined;
	return async (
		order: { serviceId: number; request: RequestSettings },
		itemIndex: number,
	): Promise<void> => {
		catalogue ??= fetchServices.call(context, order.request);
		const services = await catalogue;
		if (services.some((service) => Number(service.service) === order.serviceId)) return;
		throw invalidInput(
			context,
			label,
			itemIndex,
			`TZSMM Pay offers no service with the ID ${order.serviceId}; ${listServices(services)}`,
		);
	};
}

/** "valid IDs: 2 (Monthly Silver), 3 (Monthly Gold)", at most LISTED_SERVICES of them. */
function listServices(services: IDataObject[]): string {
	if (services.length === 0) return 'its catalogue is empty';
	const listed = services
		.slice(0, LISTED_SERVICES)
		.map((service) => `${String(service.service)} (${String(service.name)})`);
	const more = services.length - listed.length;
	return `valid IDs: ${listed.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}
