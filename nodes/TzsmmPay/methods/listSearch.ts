import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { fetchServices } from '../shared/api';
import { serviceChoice } from './serviceChoice';

/**
 * The Service's "From List" (1.2 on): every service with its price, narrowed by the editor's search
 * box to those whose name, category or type contains the typed text. The catalogue is small and
 * comes in one answer, so there are no further pages.
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
