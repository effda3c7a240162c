import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { fetchServices } from '../shared/api';
import { serviceChoice } from './serviceChoice';

/** The Service dropdown of nodes saved before 1.2: every service with its price. */
export async function getServices(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const services = await fetchServices.call(this);
	return services.map(serviceChoice);
}
