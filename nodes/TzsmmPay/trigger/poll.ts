/**
 * One poll of the trigger, whatever its event: a sample for Fetch Test Event, a baseline on the
 * first poll, then the changes since the last good poll, with the state kept in static data.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { isRecord } from '../../../common/values';

/** What one poll saw of TZSMM Pay, and what follows from it. */
export interface Observation {
	/** What is kept until the next poll, in the workflow's static data: plain JSON. */
	snapshot: IDataObject;
	/** One item per change since `previous`, the snapshot of the last good poll, in a stable order. */
	changesSince(previous: IDataObject): IDataObject[];
	/** The current state as items shaped like the event's output, for Fetch Test Event. */
	sample(): IDataObject[];
}

/**
 * Reads an event's parameters (refusing bad ones) and what TZSMM Pay shows now, given the last
 * good poll's snapshot (undefined for a baseline or a test event).
 */
export type Observe = (
	this: IPollFunctions,
	previous: IDataObject | undefined,
) => Promise<Observation>;

/** Where the last good poll's snapshot is kept in the node's static data. */
const SNAPSHOT_KEY = 'lastPoll';

/**
 * One poll of the trigger. A manual run (Fetch Test Event) returns the current state as a sample
 * and leaves what the active workflow has recorded alone. An active workflow's first poll records a
 * baseline and emits nothing; every later poll emits what changed since the last good poll.
 *
 * The state lives only in the workflow's static data, which n8n stores with the workflow, so polls
 * after a restart, or on another instance, go on from it. It is written once, after every request
 * of the poll succeeded: a failed poll leaves the last good snapshot for the next poll to compare
 * with.
 */
export async function pollEvent(
	this: IPollFunctions,
	event: string,
	observe: Observe,
): Promise<INodeExecutionData[][] | null> {
	if (this.getMode() === 'manual') {
		return asOutput(this, (await observe.call(this, undefined)).sample());
	}

	const staticData = this.getWorkflowStaticData('node');
	const stored = staticData[SNAPSHOT_KEY];
	// A snapshot of another event (the user switched events) is no baseline for this one.
	const previous = isRecord(stored) && stored.event === event ? stored : undefined;
	const observation = await observe.call(this, previous);
	const changes = previous === undefined ? [] : observation.changesSince(previous);
	staticData[SNAPSHOT_KEY] = { event, ...observation.snapshot };
	return asOutput(this, changes);
}

/** n8n starts the workflow only when a poll returns items; `null` means "nothing new". */
function asOutput(context: IPollFunctions, items: IDataObject[]): INodeExecutionData[][] | null {
	return items.length === 0 ? null : [context.helpers.returnJsonArray(items)];
}
