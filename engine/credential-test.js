// @ts-check
/**
 * "Test" in n8n's credential dialog, as n8n's server runs it for a credential with a declarative
 * `test`: the test request is sent through n8n-core's RoutingNode from a throw-away node; a non-2xx
 * answer fails unless a `responseCode` rule names it, and `responseSuccessBody` rules are checked
 * against a 2xx body. (The server's tester is not published as a package; this mirrors it.)
 */
'use strict';

const { ExecuteContext, RoutingNode } = require('n8n-core');
const { NodeHelpers, Workflow } = require('n8n-workflow');

const { buildAdditionalData, credentialType } = require('./run-workflow');

/**
 * @param {unknown} data
 * @param {string} path a dotted path, e.g. "data.status"
 * @returns {unknown}
 */
function valueAt(data, path) {
	return path
		.split('.')
		.reduce(
			(value, key) => /** @type {import('n8n-workflow').IDataObject | undefined} */ (value)?.[key],
			data,
		);
}

/**
 * @param {string} type the credential type's name
 * @param {import('n8n-workflow').ICredentialDataDecryptedObject} data the credential's fields
 * @returns {Promise<import('n8n-workflow').INodeCredentialTestResult>}
 */
async function testCredentials(type, data) {
	const credential = credentialType(type);
	const testRequest = credential.test;
	if (!testRequest)
		return { status: 'Error', message: 'No testing function found for this credential.' };

	/** @type {import('n8n-workflow').INodeType} */
	const tempNodeType = {
		description: {
			displayName: 'Temp',
			name: 'n8n-nodes-base.noOp',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: [],
			outputs: [],
			credentials: [{ name: type, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					default: '',
					routing: { request: testRequest.request },
				},
			],
		},
	};
	/** @type {import('n8n-workflow').INodeTypes} */
	const nodeTypes = {
		getByName: () => tempNodeType,
		getByNameAndVersion: (_name, version) =>
			NodeHelpers.getVersionedNodeType(tempNodeType, version),
		getKnownTypes: () => ({}),
	};
	/** @type {import('n8n-workflow').INode} */
	const node = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [type]: { id: 'test', name: 'Credential under test' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const context = new ExecuteContext(
		workflow,
		node,
		buildAdditionalData({ [type]: data }),
		'internal',
		/** @type {never} */ ({ resultData: { runData: {} } }),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const routingNode = new RoutingNode(context, tempNodeType, {
		id: 'test',
		name: 'Credential under test',
		type,
		data,
	});

	let response;
	try {
		response = await routingNode.runNode();
	} catch (caught) {
		const error =
			/** @type {{ message: string; cause?: { response?: { status: number; statusText?: string }; code?: string } }} */ (
				caught
			);
		const status = error.cause?.response?.status;
		if (status !== undefined) {
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === status) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (status < 200 || status > 299) {
				return {
					status: 'Error',
					message: error.cause?.response?.statusText || `Received HTTP status code: ${status}`,
				};
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: error.message };
	}

	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			// As n8n's tester reads it: the first item's JSON, which an empty list does not have
			// (n8n then fails with a TypeError; so does this).
			const body = /** @type {import('n8n-workflow').INodeExecutionData[][]} */ (response)[0][0]
				.json;
			if (valueAt(body, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

module.exports = { testCredentials };
