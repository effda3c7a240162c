import type { IDataObject } from 'n8n-workflow';

/** A service as the editor lists it: "Monthly Silver (0.56 USD)", its ID, category and type. */
export function serviceChoice(service: IDataObject): {
	name: string;
	value: number;
	description: string;
} {
	const price = [service.rate, service.currency]
		.filter((part) => part !== undefined && part !== null && part !== '')
		.join(' ');
	return {
		name: price ? `${String(service.name)} (${price})` : String(service.name),
		value: Number(service.service),
		description: [service.category, service.type].filter(Boolean).join(' · '),
	};
}
