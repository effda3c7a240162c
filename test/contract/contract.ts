/**
 * The public contract of the package, read from built descriptions: every name a saved workflow or
 * a stored credential holds (node and credential types, parameter names, option values, trigger
 * events) and the defaults that stand in for values n8n does not save, and what a change of them
 * means for the workflows users have saved.
 */
import type {
	ICredentialType,
	INodePropertyCollection,
	INodeProperties,
	INodeTypeDescription,
} from 'n8n-workflow';

export interface FrozenNode {
	/** The node version these names belong to: the newest. */
	version: number;
	/** Every version saved workflows may hold, all of which must keep running. */
	versions: number[];
	names: string[];
}

export interface Contract {
	credentials: Record<string, string[]>;
	nodes: Record<string, FrozenNode>;
}

/**
 * Where a parameter shows, as the resource, operation or event it belongs to: "order/create";
 * "tool: order/create" when only the tool variant (TZSMM Pay Tool, '@tool') shows it, whose saved
 * nodes hold its names.
 */
function placeOf(property: INodeProperties): string {
	const show = property.displayOptions?.show ?? {};
	const place = ['resource', 'operation', 'event']
		.filter((key) => show[key] !== undefined)
		.map((key) => (show[key] ?? []).join(','));
	const variant = show['@tool']?.[0] === true ? 'tool: ' : '';
	return place.length > 0 || variant ? `[${variant}${place.join('/')}] ` : '';
}

const isCollectionOption = (
	option: NonNullable<INodeProperties['options']>[number],
): option is INodePropertyCollection => 'values' in option;

/** The field types whose default decides what a saved node does when it holds no value. */
const BEHAVIOUR_TYPES = new Set(['options', 'boolean', 'number']);

/**
 * The default of a field that decides behaviour, as `name default value`. n8n saves no value that
 * equals a field's default, so a changed default changes every saved node that kept it: such a
 * change needs a new node version, like a rename. (Text defaults, and the expressions the tool's
 * inputs default to, are wording, not stored choices.)
 */
function defaultOf(property: INodeProperties, name: string): string[] {
	const value = property.default;
	if (!BEHAVIOUR_TYPES.has(property.type)) return [];
	if (typeof value === 'string' && value.startsWith('=')) return [];
	return [`${name} default ${JSON.stringify(value)}`];
}

/** Every stored name under `properties`, with `prefix` before nested ones ("options."). */
function namesOf(properties: INodeProperties[], prefix = '', place?: string): string[] {
	return properties.flatMap((property) => {
		const where = place ?? placeOf(property);
		const path = `${prefix}${property.name}`;
		const names = [`${where}${path}`, ...defaultOf(property, `${where}${path}`)];
		for (const option of property.options ?? []) {
			if (property.type === 'options' || property.type === 'multiOptions') {
				if ('value' in option) names.push(`${where}${path} = ${String(option.value)}`);
			} else if (property.type === 'collection' && 'type' in option) {
				names.push(...namesOf([option as INodeProperties], `${path}.`, where));
			} else if (property.type === 'fixedCollection' && isCollectionOption(option)) {
				names.push(`${where}${path}.${option.name}`);
				names.push(...namesOf(option.values, `${path}.${option.name}.`, where));
			}
		}
		return names;
	});
}

function versionsOf(description: INodeTypeDescription): number[] {
	return Array.isArray(description.version) ? description.version : [description.version];
}

/** The contract as the built package has it now. */
export function contractOf(
	nodes: INodeTypeDescription[],
	credentials: ICredentialType[],
): Contract {
	return {
		credentials: Object.fromEntries(
			credentials.map((credential) => [credential.name, namesOf(credential.properties).sort()]),
		),
		nodes: Object.fromEntries(
			nodes.map((node) => [
				node.name,
				{
					version: Math.max(...versionsOf(node)),
					versions: versionsOf(node),
					// A property given once per node version (its displayOptions name '@version')
					// is one stored name.
					names: [
						...new Set([
							...(node.credentials ?? []).map((credential) => `credential ${credential.name}`),
							...namesOf(node.properties),
						]),
					].sort(),
				},
			]),
		),
	};
}

const missingFrom = (names: string[], from: string[]) =>
	names.filter((name) => !from.includes(name));

/**
 * What breaks saved workflows or stored credentials between the frozen contract and the built
 * package, and what the built package adds without freezing it. Empty when they agree.
 */
export function contractProblems(
	frozen: Contract,
	nodes: INodeTypeDescription[],
	credentials: ICredentialType[],
): string[] {
	const built = contractOf(nodes, credentials);
	const problems: string[] = [];

	for (const [type, names] of Object.entries(frozen.credentials)) {
		const now = built.credentials[type];
		if (!now) {
			problems.push(`Credential type ${type} is gone: every stored credential of it breaks`);
			continue;
		}
		for (const name of missingFrom(names, now)) {
			problems.push(
				`Credential ${type} no longer has ${name}: stored credentials lose it (credentials have no versions; keep the name)`,
			);
		}
	}
	for (const [type, names] of Object.entries(built.credentials)) {
		for (const name of missingFrom(names, frozen.credentials[type] ?? [])) {
			problems.push(
				`Credential ${type} has ${name}, which is not frozen yet: add it to the contract`,
			);
		}
	}

	for (const [type, frozenNode] of Object.entries(frozen.nodes)) {
		const description = nodes.find((node) => node.name === type);
		if (!description) {
			problems.push(`Node type ${type} is gone: every saved workflow using it breaks`);
			continue;
		}
		const now = built.nodes[type];
		for (const version of frozenNode.versions) {
			if (!now.versions.includes(version)) {
				problems.push(
					`Node ${type} no longer runs version ${version}: workflows saved with it break`,
				);
			}
		}
		if (now.version < frozenNode.version) {
			problems.push(`Node ${type} went back from version ${frozenNode.version} to ${now.version}`);
		} else if (now.version > frozenNode.version) {
			problems.push(
				`Node ${type} is at version ${now.version}: freeze the names of version ${now.version} in the contract`,
			);
		} else {
			for (const name of missingFrom(frozenNode.names, now.names)) {
				problems.push(
					`Node ${type} version ${now.version} no longer has ${name}: workflows saved with it break; keep the name, or raise the node's version and freeze the new version's names`,
				);
			}
			for (const name of missingFrom(now.names, frozenNode.names)) {
				problems.push(
					`Node ${type} version ${now.version} has ${name}, which is not frozen yet: add it to the contract`,
				);
			}
		}
	}
	for (const type of Object.keys(built.nodes)) {
		if (!frozen.nodes[type])
			problems.push(`Node type ${type} is not frozen yet: add it to the contract`);
	}
	return problems;
}
