/**
 * The public contract, frozen: public-contract.json holds every name that saved workflows and
 * stored credentials depend on (node and credential types, parameters, option values, trigger
 * events), and the built package must still have exactly those names. A rename fails here, unless
 * the node's version goes up (keeping the old version runnable) and the new version's names are
 * frozen. Names are only ever added to a frozen version, never changed or removed.
 */
import type { INodeTypeDescription } from 'n8n-workflow';

import { loadPackage } from '../../engine';
import { contractOf, contractProblems, type Contract } from './contract';
import frozenJson from './public-contract.json';

const frozen: Contract = frozenJson;
const builtPackage = loadPackage();
// The tool variant n8n derives from the node (tzsmmPayTool) has the node's description and names.
const nodes = builtPackage.nodeTypeNames
	.filter((type) => !type.endsWith('Tool'))
	.map((type) => builtPackage.nodeTypes.getByName(type).description as INodeTypeDescription);
const credentials = Object.keys(frozen.credentials).map((type) =>
	builtPackage.credentialTypes.getByName(type),
);

/** The names ../shared/spec/node-contract.md fixes; the frozen contract must hold every one. */
const SPECIFIED = {
	tzsmmPayApi: ['apiKey', 'baseUrl'],
	tzsmmPay: [
		'resource = service',
		'resource = order',
		'resource = account',
		'[service] operation = getAll',
		'[service/getAll] returnAll',
		'[service/getAll] limit',
		'[service/getAll] filters.category',
		'[service/getAll] filters.type',
		'[service/getAll] filters.search',
		'[order] operation = create',
		'[order/create] serviceId',
		'[order/create] link',
		'[order/create] options.idempotencyKey',
		'[order] operation = get',
		'[order/get] orderId',
		'[order] operation = getMany',
		'[order/getMany] orderIds',
		'[account] operation = getBalance',
	],
	tzsmmPayTrigger: [
		'event = orderStatusChanged',
		'[orderStatusChanged] orderIds',
		'event = balanceBelow',
		'[balanceBelow] threshold',
		'event = serviceChanged',
	],
};

test('the built package has exactly the frozen names', () => {
	expect(contractProblems(frozen, nodes, credentials)).toEqual([]);
});

test('the frozen contract holds every name the node contract specifies', () => {
	expect(frozen.credentials.tzsmmPayApi).toEqual(expect.arrayContaining(SPECIFIED.tzsmmPayApi));
	expect(frozen.nodes.tzsmmPay.names).toEqual(expect.arrayContaining(SPECIFIED.tzsmmPay));
	expect(frozen.nodes.tzsmmPayTrigger.names).toEqual(
		expect.arrayContaining(SPECIFIED.tzsmmPayTrigger),
	);
});

describe('what the check catches', () => {
	/** The built node's description with one change. */
	const changed = (type: string, change: (description: INodeTypeDescription) => void) =>
		nodes.map((node) => {
			if (node.name !== type) return node;
			const copy = structuredClone(node);
			change(copy);
			return copy;
		});
	const property = (description: INodeTypeDescription, name: string, place: string) => {
		const found = description.properties.find(
			(candidate) =>
				candidate.name === name &&
				JSON.stringify(candidate.displayOptions?.show ?? {}).includes(place),
		);
		if (!found) throw new Error(`no ${name} for ${place}`);
		return found;
	};

	test('a renamed parameter, at the same version', () => {
		const renamed = changed('tzsmmPay', (description) => {
			property(description, 'link', 'create').name = 'email';
		});

		expect(contractProblems(frozen, renamed, credentials)).toEqual([
			"Node tzsmmPay version 1 no longer has [order/create] link: workflows saved with it break; keep the name, or raise the node's version and freeze the new version's names",
			'Node tzsmmPay version 1 has [order/create] email, which is not frozen yet: add it to the contract',
		]);
	});

	test('a renamed option value (an operation) and a renamed trigger event', () => {
		const renamedOperation = changed('tzsmmPay', (description) => {
			const operation = property(description, 'operation', 'order');
			const getMany = operation.options?.find(
				(option) => 'value' in option && option.value === 'getMany',
			);
			if (getMany && 'value' in getMany) getMany.value = 'getStatuses';
		});
		const renamedEvent = changed('tzsmmPayTrigger', (description) => {
			const event = description.properties[0];
			const balance = event.options?.find(
				(option) => 'value' in option && option.value === 'balanceBelow',
			);
			if (balance && 'value' in balance) balance.value = 'lowBalance';
		});

		expect(contractProblems(frozen, renamedOperation, credentials)).toContain(
			"Node tzsmmPay version 1 no longer has [order] operation = getMany: workflows saved with it break; keep the name, or raise the node's version and freeze the new version's names",
		);
		expect(contractProblems(frozen, renamedEvent, credentials)).toContain(
			"Node tzsmmPayTrigger version 1 no longer has event = balanceBelow: workflows saved with it break; keep the name, or raise the node's version and freeze the new version's names",
		);
	});

	test('a changed default at the same version, which changes every saved node that kept it', () => {
		const newDefault = changed('tzsmmPayTrigger', (description) => {
			const event = description.properties.find((candidate) => candidate.name === 'event');
			if (event) event.default = 'serviceChanged';
		});

		expect(contractProblems(frozen, newDefault, credentials)).toEqual([
			'Node tzsmmPayTrigger version 1 no longer has event default "balanceBelow": workflows saved with it break; keep the name, or raise the node\'s version and freeze the new version\'s names',
			'Node tzsmmPayTrigger version 1 has event default "serviceChanged", which is not frozen yet: add it to the contract',
		]);
	});

	test('a renamed credential field, which no version can save', () => {
		const [credential] = credentials;
		const renamed = {
			...credential,
			properties: credential.properties.map((field) =>
				field.name === 'baseUrl' ? { ...field, name: 'url' } : field,
			),
		};

		expect(contractProblems(frozen, nodes, [renamed])).toEqual([
			'Credential tzsmmPayApi no longer has baseUrl: stored credentials lose it (credentials have no versions; keep the name)',
			'Credential tzsmmPayApi has url, which is not frozen yet: add it to the contract',
		]);
	});

	test('a rename with the version raised passes once the new version is frozen, if the old one still runs', () => {
		const version2 = changed('tzsmmPay', (description) => {
			description.version = [1, 2];
			property(description, 'link', 'create').name = 'email';
		});
		const frozenAt2 = structuredClone(frozen);
		frozenAt2.nodes.tzsmmPay = contractOf(version2, credentials).nodes.tzsmmPay;

		expect(contractProblems(frozen, version2, credentials)).toEqual([
			'Node tzsmmPay is at version 2: freeze the names of version 2 in the contract',
		]);
		expect(contractProblems(frozenAt2, version2, credentials)).toEqual([]);
	});

	test('a raised version that drops the old one', () => {
		const onlyVersion2 = changed('tzsmmPay', (description) => {
			description.version = 2;
		});

		expect(contractProblems(frozen, onlyVersion2, credentials)).toEqual(
			expect.arrayContaining([
				'Node tzsmmPay no longer runs version 1: workflows saved with it break',
			]),
		);
	});
});
