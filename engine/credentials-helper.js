// @ts-check
/**
 * Serves credentials from memory, with the credential type's defaults filled in, and applies a
 * declarative (`generic`) `authenticate` the way n8n's server does: every value may be an
 * expression over `$credentials`, resolved by the workflow's expression engine.
 */
'use strict';

const { Credentials } = require('n8n-core');
const { ICredentialsHelper } = require('n8n-workflow');

/** @typedef {import('n8n-workflow').ICredentialDataDecryptedObject} ICredentialDataDecryptedObject */
/** @typedef {import('n8n-workflow').IHttpRequestOptions} IHttpRequestOptions */
/** @typedef {import('n8n-workflow').INodeCredentialsDetails} INodeCredentialsDetails */
/** @typedef {IHttpRequestOptions | import('n8n-workflow').IRequestOptionsSimplified} RequestOptions */

class EngineCredentialsHelper extends ICredentialsHelper {
	/**
	 * @param {import('n8n-workflow').ICredentialTypes} credentialTypes
	 * @param {Record<string, ICredentialDataDecryptedObject>} stored credential fields by type
	 */
	constructor(credentialTypes, stored) {
		super();
		this.credentialTypes = credentialTypes;
		this.stored = stored;
		/** How often a node read a credential (in n8n: a database read and a decryption each). */
		this.reads = 0;
	}

	/**
	 * @param {ICredentialDataDecryptedObject} credentials
	 * @param {string} typeName
	 * @param {RequestOptions} requestOptions
	 * @param {import('n8n-workflow').Workflow} [workflow]
	 * @param {import('n8n-workflow').INode} [node]
	 * @returns {Promise<IHttpRequestOptions>}
	 */
	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		const { authenticate } = this.credentialTypes.getByName(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, /** @type {IHttpRequestOptions} */ (requestOptions));
		}
		if (authenticate?.type === 'generic') {
			if (!workflow || !node) throw new Error('A generic authenticate needs the workflow and node');
			/** @param {string} value */
			const resolve = (value) =>
				String(
					workflow.expression.getSimpleParameterValue(
						node,
						value,
						'internal',
						{ $credentials: credentials },
						undefined,
						'',
					) ?? '',
				);
			const target = /** @type {Record<string, Record<string, string>>} */ (
				/** @type {unknown} */ (requestOptions)
			);
			for (const [part, entries] of Object.entries(authenticate.properties)) {
				target[part] ??= {};
				for (const [key, value] of Object.entries(
					/** @type {Record<string, string>} */ (entries),
				)) {
					target[part][resolve(key)] = resolve(value);
				}
			}
		}
		return /** @type {IHttpRequestOptions} */ (requestOptions);
	}

	/**
	 * @param {import('n8n-workflow').IWorkflowExecuteAdditionalData} _additionalData
	 * @param {INodeCredentialsDetails} _nodeCredentials
	 * @param {string} type
	 * @returns {Promise<ICredentialDataDecryptedObject>}
	 */
	async getDecrypted(_additionalData, _nodeCredentials, type) {
		this.reads++;
		const stored = this.stored[type];
		if (stored === undefined)
			throw new Error(`No credentials of type ${type} were given to the run`);
		return { ...this.#defaultsOf(type), ...stored };
	}

	/**
	 * @param {string} type
	 * @returns {ICredentialDataDecryptedObject}
	 */
	#defaultsOf(type) {
		/** @type {ICredentialDataDecryptedObject} */
		const defaults = {};
		for (const property of this.credentialTypes.getByName(type).properties) {
			defaults[property.name] = /** @type {ICredentialDataDecryptedObject[string]} */ (
				property.default
			);
		}
		return defaults;
	}

	/** @returns {Promise<ICredentialDataDecryptedObject | undefined>} */
	async preAuthentication() {
		return undefined;
	}

	/** @returns {Promise<ICredentialDataDecryptedObject | undefined>} */
	async runPreAuthentication() {
		return undefined;
	}

	/** @param {string} name */
	getParentTypes(name) {
		return this.credentialTypes.getParentTypes(name);
	}

	isCredentialUsableByNode() {
		return true;
	}

	/**
	 * @param {INodeCredentialsDetails} nodeCredentials
	 * @param {string} type
	 */
	async getCredentials(nodeCredentials, type) {
		return new Credentials(nodeCredentials, type, '');
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	/** @param {string} type */
	getCredentialsProperties(type) {
		return this.credentialTypes.getByName(type).properties;
	}
}

module.exports = { EngineCredentialsHelper };
