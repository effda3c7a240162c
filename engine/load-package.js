// @ts-check
/**
 * Loads this package as n8n loads a community package: the compiled nodes and credentials named in
 * package.json's "n8n" field, from dist/ (run `npm run build` first), with stand-ins for the two
 * n8n-nodes-base nodes the example workflows use.
 */
'use strict';

const path = require('node:path');
const { NodeConnectionTypes, NodeHelpers } = require('n8n-workflow');

const packageJson = require('../package.json');

/** @typedef {import('n8n-workflow').INodeType} INodeType */
/** @typedef {import('n8n-workflow').ICredentialType} ICredentialType */

/**
 * @typedef {object} LoadedPackage
 * @property {import('n8n-workflow').INodeTypes} nodeTypes
 * @property {import('n8n-workflow').ICredentialTypes} credentialTypes
 * @property {string[]} nodeTypeNames full type names of this package's nodes, e.g. "n8n-nodes-tzsmmpay.tzsmmPay"
 */

const PACKAGE_ROOT = path.join(__dirname, '..');

/**
 * A stand-in for n8n's Manual Trigger (n8n-nodes-base is not a dependency of this package): in a
 * manual run it starts the workflow with one empty item, as the real one does. Tests pin its output
 * to feed other items.
 * @implements {INodeType}
 */
class ManualTriggerStandIn {
	/** @type {INodeType['description']} */
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
	};

	async execute() {
		return [[{ json: {} }]];
	}
}

/**
 * A stand-in for n8n's Sticky Note, which the example workflows use to say what to connect next. It
 * is never run: it has no inputs or outputs.
 * @implements {INodeType}
 */
class StickyNoteStandIn {
	/** @type {INodeType['description']} */
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
	};
}

/**
 * The node's tool variant, named as n8n names the one it derives from `usableAsTool` ("tzsmmPayTool",
 * which shows the properties marked '@tool'), running the node's own execute. Unlike n8n's, it keeps
 * the main input and output, so that a test hands it the model's call as an input item: the AI
 * Agent and the MCP Server Trigger that call the real one run in test/e2e/09-agents.e2e.js.
 * @param {INodeType} node
 * @returns {INodeType}
 */
function toolVariantOf(node) {
	const tool = Object.create(node);
	const { usableAsTool: _usableAsTool, ...description } = structuredClone(node.description);
	tool.description = {
		...description,
		name: `${description.name}Tool`,
		displayName: `${description.displayName} Tool`,
	};
	return tool;
}

/** @returns {LoadedPackage} */
function loadPackage() {
	/** @type {Record<string, INodeType | import('n8n-workflow').IVersionedNodeType>} */
	const nodes = {
		'n8n-nodes-base.manualTrigger': new ManualTriggerStandIn(),
		'n8n-nodes-base.stickyNote': new StickyNoteStandIn(),
	};
	/** @type {string[]} */
	const nodeTypeNames = [];
	for (const file of packageJson.n8n.nodes) {
		for (const NodeClass of exportedClasses(file)) {
			const node = /** @type {INodeType} */ (new NodeClass());
			const typeName = `${packageJson.name}.${node.description.name}`;
			nodes[typeName] = node;
			nodeTypeNames.push(typeName);
			if (node.description.usableAsTool) {
				nodes[`${typeName}Tool`] = toolVariantOf(node);
				nodeTypeNames.push(`${typeName}Tool`);
			}
		}
	}

	/** @type {Record<string, ICredentialType>} */
	const credentials = {};
	for (const file of packageJson.n8n.credentials) {
		for (const CredentialClass of exportedClasses(file)) {
			const credential = /** @type {ICredentialType} */ (new CredentialClass());
			credentials[credential.name] = credential;
		}
	}

	/** @type {import('n8n-workflow').INodeTypes} */
	const nodeTypes = {
		getByName(type) {
			const node = nodes[type];
			if (!node) throw new Error(`Unknown node type ${type}`);
			return node;
		},
		getByNameAndVersion(type, version) {
			return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
		},
		getKnownTypes() {
			return {};
		},
	};

	/** @type {import('n8n-workflow').ICredentialTypes} */
	const credentialTypes = {
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

/**
 * The classes a compiled file of the package exports.
 * @param {string} distFile a path from package.json's "n8n" field
 * @returns {Array<new () => unknown>}
 */
function exportedClasses(distFile) {
	/** @type {Record<string, unknown>} */
	const moduleExports = require(path.join(PACKAGE_ROOT, distFile));
	return Object.values(moduleExports).filter(
		/** @returns {value is new () => unknown} */
		(value) => typeof value === 'function',
	);
}

/**
 * A module of the built package, the very one the loaded nodes use (a test that tunes the request
 * pacer must reach the pacer the node holds, not a second copy compiled from the source).
 * @template T
 * @param {string} distPath a path under dist/, without the extension
 * @returns {T}
 */
function builtModule(distPath) {
	return require(path.join(PACKAGE_ROOT, 'dist', distPath));
}

module.exports = { loadPackage, builtModule };
