import {
	NodeConnectionTypes,
	NodeHelpers,
	type ICredentialType,
	type ICredentialTypes,
	type IDataObject,
	type INodeType,
	type INodeTypes,
	type IVersionedNodeType,
} from 'n8n-workflow';

import packageJson from '../../package.json';

export interface LoadedPackage {
	nodeTypes: INodeTypes;
	credentialTypes: ICredentialTypes;
	/** Full type names of this package's nodes, e.g. "n8n-nodes-tzsmmpay.tzsmmPay". */
	nodeTypeNames: string[];
}

/**
 * A stand-in for n8n's Manual Trigger (n8n-nodes-base is not a dependency of this package): in a
 * manual run it starts the workflow with one empty item, as the real one does. Tests pin its output
 * to feed other items.
 */
class ManualTriggerStandIn implements INodeType {
	description = {
		displayName: 'When clicking ‘Execute workflow’',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Runs the flow on clicking a button in n8n',
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	} as INodeType['description'];

	async execute() {
		return [[{ json: {} }]];
	}
}

/**
 * A stand-in for n8n's Sticky Note, which the example workflows use to say what to connect next. It
 * is never run: it has no inputs or outputs.
 */
class StickyNoteStandIn implements INodeType {
	description = {
		displayName: 'Sticky Note',
		name: 'stickyNote',
		group: ['input'],
		version: 1,
		description: 'Make your workflow easier to understand',
		defaults: { name: 'Sticky Note' },
		inputs: [],
		outputs: [],
		properties: [
			{ displayName: 'Content', name: 'content', type: 'string', default: '' },
			{ displayName: 'Height', name: 'height', type: 'number', default: 160 },
			{ displayName: 'Width', name: 'width', type: 'number', default: 240 },
			{ displayName: 'Color', name: 'color', type: 'number', default: 1 },
		],
	} as INodeType['description'];
}

/** Loads the compiled nodes and credentials named in package.json's "n8n" field, from dist/. */
export function loadPackage(): LoadedPackage {
	const nodes: Record<string, INodeType | IVersionedNodeType> = {
		'n8n-nodes-base.manualTrigger': new ManualTriggerStandIn(),
		'n8n-nodes-base.stickyNote': new StickyNoteStandIn(),
	};
	const nodeTypeNames: string[] = [];
	for (const file of packageJson.n8n.nodes) {
		for (const NodeClass of exportedClasses(file)) {
			const node = new NodeClass() as INodeType;
			const typeName = `${packageJson.name}.${node.description.name}`;
			nodes[typeName] = node;
			nodeTypeNames.push(typeName);
		}
	}

	const credentials: Record<string, ICredentialType> = {};
	for (const file of packageJson.n8n.credentials) {
		for (const CredentialClass of exportedClasses(file)) {
			const credential = new CredentialClass() as ICredentialType;
			credentials[credential.name] = credential;
		}
	}

	const nodeTypes: INodeTypes = {
		getByName(type) {
			const node = nodes[type];
			if (!node) throw new Error(`Unknown node type ${type}`);
			return node;
		},
		getByNameAndVersion(type, version) {
			return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
		},
		getKnownTypes(): IDataObject {
			return {};
		},
	};

	const credentialTypes: ICredentialTypes = {
		recognizes: (type) => type in credentials,
		getByName(type) {
			const credential = credentials[type];
			if (!credential) throw new Error(`Unknown credential type ${type}`);
			return credential;
		},
		getSupportedNodes: () => nodeTypeNames,
		getParentTypes: () => [],
	};

	return { nodeTypes, credentialTypes, nodeTypeNames };
}

type Constructor = new () => unknown;

function exportedClasses(distFile: string): Constructor[] {
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- the file list comes from package.json
	const moduleExports = require(`../../${distFile}`) as Record<string, unknown>;
	return Object.values(moduleExports).filter(
		(value): value is Constructor => typeof value === 'function',
	);
}
