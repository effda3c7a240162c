import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { fetchServices } from '../../shared/api';
import { runForEachItem } from '../../shared/itemRunner';
import { normalizeRecord } from '../../shared/normalize';
import { optionsCollection, readOptions, type OperationOptions } from '../../shared/options';
import { readPositiveInteger } from '../../shared/parameters';

const show = { resource: ['service'], operation: ['getAll'] };

export const toolDescription =
	'Lists the TZSMM Pay services (licence plans) that can be ordered. Takes no input. Returns one entry per service, such as {"service": 2, "name": "Monthly Silver", "rate": 0.56, "currency": "USD", "min": 1, "max": 1, "category": "TZSMM Pay License", "type": "Package"}: service is the ID to order it by, rate the price of one licence.';

export const description: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1 },
		description: 'Max number of results to return',
		displayOptions: { show: { ...show, returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Category',
				name: 'category',
				type: 'string',
				default: '',
				placeholder: 'e.g. TZSMM Pay License',
				description: 'Only services of this category (not case-sensitive)',
			},
			{
				displayName: 'Name Contains',
				name: 'search',
				type: 'string',
				default: '',
				placeholder: 'e.g. Silver',
				description: 'Only services whose name contains this text (not case-sensitive)',
			},
			{
				displayName: 'Type',
				name: 'type',
				type: 'string',
				default: '',
				placeholder: 'e.g. Package',
				description: 'Only services of this type (not case-sensitive)',
			},
		],
	},
	optionsCollection(show, { readOnly: true }),
];

interface ServiceQuery extends OperationOptions {
	limit?: number;
	category: string;
	type: string;
	search: string;
}

function readQuery(context: IExecuteFunctions, itemIndex: number): ServiceQuery {
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const filters = context.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const text = (name: string) =>
		String(filters[name] ?? '')
			.trim()
			.toLowerCase();
	return {
		limit: returnAll ? undefined : readPositiveInteger(context, 'limit', 'Limit', itemIndex),
		category: text('category'),
		type: text('type'),
		search: text('search'),
		...readOptions(context, itemIndex),
	};
}

function matches(service: IDataObject, query: ServiceQuery): boolean {
	const field = (name: string) => String(service[name] ?? '').toLowerCase();
	return (
		(query.category === '' || field('category') === query.category) &&
		(query.type === '' || field('type') === query.type) &&
		(query.search === '' || field('name').includes(query.search))
	);
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	// The catalogue is the same for every item; only the filters differ.
	let catalogue: Promise<IDataObject[]> | undefined;
	return await runForEachItem(this, {
		read: (itemIndex) => readQuery(this, itemIndex),
		send: async (query) => {
			catalogue ??= fetchServices.call(this, query.request);
			const selected = (await catalogue).filter((service) => matches(service, query));
			const limited = query.limit === undefined ? selected : selected.slice(0, query.limit);
			return query.raw ? limited : limited.map(normalizeRecord);
		},
	});
}
