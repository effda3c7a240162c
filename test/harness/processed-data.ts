/**
 * n8n's processed-data store (behind `checkProcessedAndRecord` and the Remove Duplicates node), in
 * memory, for n8n-core's DataDeduplicationService in the engine tests. It behaves as n8n 2.41.1's
 * DeduplicationHelper over its database does, in the 'entries' mode the node uses:
 * - one row per workflow and scope (`n:<node ID>` for scope 'node'), holding md5 hashes (base64)
 *   of the values' text;
 * - the first write inserts every value as new, even repeated ones; later ones compare each value
 *   with the row and append the new ones, then keep only the last `maxEntries`;
 * - a read, then a write, with no lock: each database round trip is a pause here, so concurrent
 *   executions interleave as they would on n8n's database.
 */
import { createHash } from 'node:crypto';
import {
	sleep,
	type DeduplicationItemTypes,
	type DeduplicationScope,
	type ICheckProcessedContextData,
	type ICheckProcessedOptions,
	type IDataDeduplicator,
	type IDeduplicationOutput,
} from 'n8n-workflow';

interface Row {
	mode: ICheckProcessedOptions['mode'];
	data: string[];
}

/** A database round trip of a few milliseconds, as to n8n's SQLite or Postgres under load. */
const databaseRoundTrip = async () => await sleep(5);

function hashOf(value: DeduplicationItemTypes): string {
	return createHash('md5').update(value.toString()).digest('base64');
}

function rowKey(scope: DeduplicationScope, contextData: ICheckProcessedContextData): string {
	if (!contextData.workflow.id)
		throw new Error('n8n records processed data of saved workflows only');
	if (scope === 'node' && !contextData.node) throw new Error("scope 'node' needs the node");
	const context = scope === 'node' ? `n:${contextData.node!.id}` : '';
	return `${contextData.workflow.id}|${context}`;
}

export class InMemoryProcessedData implements IDataDeduplicator {
	private readonly rows = new Map<string, Row>();

	/** How many rows a workflow's nodes have written (to see that nothing else wrote any). */
	get rowCount(): number {
		return this.rows.size;
	}

	clear(): void {
		this.rows.clear();
	}

	private async read(key: string): Promise<Row | undefined> {
		await databaseRoundTrip();
		const row = this.rows.get(key);
		return row && { mode: row.mode, data: [...row.data] };
	}

	private async write(key: string, row: Row): Promise<void> {
		await databaseRoundTrip();
		this.rows.set(key, row);
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		if (options.mode !== 'entries') throw new Error('only the mode "entries" is modelled');
		const key = rowKey(scope, contextData);
		const hashes = items.map(hashOf);
		const row = await this.read(key);
		if (row && row.mode !== options.mode) throw new Error('incompatible mode');

		if (!row) {
			const data = options.maxEntries ? hashes.slice(-options.maxEntries) : hashes;
			await this.write(key, { mode: options.mode, data });
			return { new: items, processed: [] };
		}
		const output: IDeduplicationOutput = { new: [], processed: [] };
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
		await this.write(key, row);
		return output;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
	): Promise<void> {
		const key = rowKey(scope, contextData);
		const row = await this.read(key);
		if (!row) return;
		for (const hash of items.map(hashOf)) {
			const index = row.data.indexOf(hash);
			if (index !== -1) row.data.splice(index, 1);
		}
		await this.write(key, row);
	}

	async clearAllProcessedItems(
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
	): Promise<void> {
		await databaseRoundTrip();
		this.rows.delete(rowKey(scope, contextData));
	}

	async getProcessedDataCount(
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
	): Promise<number> {
		return (await this.read(rowKey(scope, contextData)))?.data.length ?? 0;
	}
}
