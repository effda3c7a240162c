import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { fetchServices } from '../shared/api';

/**
 * The Service's "From List": every service with its price, narrowed by the editor's search box to
 * those whose name, category or type contains the typed text. The catalogue is small and comes in
 * one answer, so there are no further pages.
 */
export async function searchServices(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const wanted = filter?.trim().toLowerCase() ?? '';
	const choices = (await fetchServices.call(this)).map(serviceChoice);
	return {
		results: choices.filter((choice) =>
			`${choice.name} ${choice.description}`.toLowerCase().includes(wanted),
		),
	};
}

/** A service as the editor lists it: "Monthly Silver (0.56 USD)", its ID, category and type. */
function serviceChoice(service: IDataObject): { name: string; value: number; description: string } {
	const price = [service.rate, service.currency]
		.filter((part) => part !== undefined && part !== null && part !== '')
		.join(' ');
	return {
		name: price ? `${String(service.name)} (${price})` : String(service.name),
		value: Number(service.service),
		description: [service.category, service.type].filter(Boolean).join(' · '),
	};
}
