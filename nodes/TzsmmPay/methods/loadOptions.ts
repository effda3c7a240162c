import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { fetchServices } from '../shared/api';

/** The Service dropdown: every service with its price, e.g. "Monthly Silver (0.56 USD)". */
export async function getServices(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const services = await fetchServices.call(this);
	return services.map((service) => {
		const price = [service.rate, service.currency]
			.filter((part) => part !== undefined && part !== null && part !== '')
			.join(' ');
		return {
			name: price ? `${String(service.name)} (${price})` : String(service.name),
			value: Number(service.service),
			description: [service.category, service.type].filter(Boolean).join(' · '),
		};
	});
}
