// @ts-check
/**
 * n8n's processed-data store (behind `checkProcessedAndRecord` and the Remove Duplicates node), in
 * memory, for n8n-core's DataDeduplicationService. It behaves as n8n 2.41.1's DeduplicationHelper
 * over its database does, in the 'entries' mode the node uses:
 * - one row per workflow and scope (`n:<node ID>` for scope 'node'), holding md5 hashes (base64)
 *   of the values' text;
 * - the first write inserts every value as new, even repeated ones; later ones compare each value
 *   with the row and append the new ones, then keep only the last `maxEntries`;
 * - a read, then a write, with no lock: each database round trip is a pause here, so concurrent
 *   executions interleave as they would on n8n's database;
 * - the first write of a row is an INSERT, which fails as Postgres's does when another n8n process
 *   (a queue-mode worker) inserted the row since the read (see anotherProcessWritesNextRow).
 */
'use strict';

const { createHash } = require('node:crypto');
const { sleep } = require('n8n-workflow');

/** @typedef {import('n8n-workflow').DeduplicationItemTypes} DeduplicationItemTypes */
/** @typedef {import('n8n-workflow').DeduplicationScope} DeduplicationScope */
/** @typedef {import('n8n-workflow').ICheckProcessedContextData} ICheckProcessedContextData */
/** @typedef {import('n8n-workflow').ICheckProcessedOptions} ICheckProcessedOptions */
/** @typedef {import('n8n-workflow').IDeduplicationOutput} IDeduplicationOutput */
/** @typedef {{ mode: ICheckProcessedOptions['mode']; data: string[] }} Row */

/** A database round trip of a few milliseconds, as to n8n's SQLite or Postgres under load. */
const databaseRoundTrip = async () => await sleep(5);

/** @param {DeduplicationItemTypes} value */
function hashOf(value) {
	return createHash('md5').update(value.toString()).digest('base64');
}

/**
 * @param {DeduplicationScope} scope
 * @param {ICheckProcessedContextData} contextData
 */
function rowKey(scope, contextData) {
	if (!contextData.workflow.id)
		throw new Error('n8n records processed data of saved workflows only');
	if (scope === 'node' && !contextData.node) throw new Error("scope 'node' needs the node");
	const context = scope === 'node' ? `n:${contextData.node?.id}` : '';
	return `${contextData.workflow.id}|${context}`;
}

/** @typedef {import('n8n-workflow').IDataDeduplicator} IDataDeduplicator */

/** @implements {IDataDeduplicator} */
class InMemoryProcessedData {
	/** @type {Map<string, Row>} */
	#rows = new Map();

	/**
	 * Set by anotherProcessWritesNextRow: a value another process records after the next read.
	 * @type {string | undefined}
	 */
	#otherProcessValue;

	/** How many rows a workflow's nodes have written (to see that nothing else wrote any). */
	get rowCount() {
		return this.#rows.size;
	}

	clear() {
		this.#rows.clear();
		this.#otherProcessValue = undefined;
	}

	/**
	 * Plays another n8n process sharing the database (a queue-mode worker): right after this
	 * process's next read of a row, the other one records `value` in that row, inserting the row if
	 * it was missing, as two workers do at once on a workflow's first keys.
	 *
	 * @param {string} value
	 */
	anotherProcessWritesNextRow(value) {
		this.#otherProcessValue = value;
	}

	/**
	 * @param {string} key
	 * @param {Row | undefined} row what this process read
	 * @param {ICheckProcessedOptions['mode']} mode
	 */
	#otherProcessWritesAfterRead(key, row, mode) {
		const value = this.#otherProcessValue;
		if (value === undefined) return;
		this.#otherProcessValue = undefined;
		const stored = this.#rows.get(key);
		if (stored) stored.data.push(hashOf(value));
		else this.#rows.set(key, { mode: row?.mode ?? mode, data: [hashOf(value)] });
	}

	/**
	 * The INSERT of a row that was missing when read.
	 *
	 * @param {string} key
	 * @param {Row} row
	 */
	async #insert(key, row) {
		await databaseRoundTrip();
		if (this.#rows.has(key)) {
			throw new Error(
				'duplicate key value violates unique constraint "PK_ca04b9d8dc72de268fe07a65773"',
			);
		}
		this.#rows.set(key, row);
	}

	/**
	 * @param {string} key
	 * @returns {Promise<Row | undefined>}
	 */
	async #read(key) {
		await databaseRoundTrip();
		const row = this.#rows.get(key);
		return row && { mode: row.mode, data: [...row.data] };
	}

	/**
	 * @param {string} key
	 * @param {Row} row
	 */
	async #write(key, row) {
		await databaseRoundTrip();
		this.#rows.set(key, row);
	}

	/**
	 * @param {DeduplicationItemTypes[]} items
	 * @param {DeduplicationScope} scope
	 * @param {ICheckProcessedContextData} contextData
	 * @param {ICheckProcessedOptions} options
	 * @returns {Promise<IDeduplicationOutput>}
	 */
	async checkProcessedAndRecord(items, scope, contextData, options) {
		if (options.mode !== 'entries') throw new Error('only the mode "entries" is modelled');
		const key = rowKey(scope, contextData);
		const hashes = items.map(hashOf);
		const row = await this.#read(key);
		this.#otherProcessWritesAfterRead(key, row, options.mode);
		if (row && row.mode !== options.mode) throw new Error('incompatible mode');

		if (!row) {
			const data = options.maxEntries ? hashes.slice(-options.maxEntries) : hashes;
			await this.#insert(key, { mode: options.mode, data });
			return { new: items, processed: [] };
		}
		/** @type {IDeduplicationOutput} */
		const output = { new: [], processed: [] };
		const known = new Set(row.data);
		hashes.forEach((hash, index) => {
			if (known.has(hash)) {
				output.processed.push(items[index]);
			} else {
				output.new.push(items[index]);
				row.data.push(hash);
			}
		});
		if (options.maxEntries) row.data.splice(0, row.data.length - options.maxEntries);
		await this.#write(key, row);
		return output;
	}

	/**
	 * @param {DeduplicationItemTypes[]} items
	 * @param {DeduplicationScope} scope
	 * @param {ICheckProcessedContextData} contextData
	 */
	async removeProcessed(items, scope, contextData) {
		const key = rowKey(scope, contextData);
		const row = await this.#read(key);
		if (!row) return;
		for (const hash of items.map(hashOf)) {
			const index = row.data.indexOf(hash);
			if (index !== -1) row.data.splice(index, 1);
		}
		await this.#write(key, row);
	}

	/**
	 * @param {DeduplicationScope} scope
	 * @param {ICheckProcessedContextData} contextData
	 */
	async clearAllProcessedItems(scope, contextData) {
		await databaseRoundTrip();
		this.#rows.delete(rowKey(scope, contextData));
	}

	/**
	 * @param {DeduplicationScope} scope
	 * @param {ICheckProcessedContextData} contextData
	 */
	async getProcessedDataCount(scope, contextData) {
		return (await this.#read(rowKey(scope, contextData)))?.data.length ?? 0;
	}
}

module.exports = { InMemoryProcessedData };
