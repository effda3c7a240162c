/** Event Order Status Changed: one of the watched orders has a status other than last poll's. */
import type { IDataObject, INodeProperties, IPollFunctions } from 'n8n-workflow';

import { MAX_IDS_PER_STATUS_REQUEST, nextRequestDelayMs } from '../../shared/api';
import { normalizeRecord } from '../../shared/normalize';
import { orderIdListProperty, readOrderIdList } from '../../shared/orderIdsField';
import { OrderStatusPool } from '../../shared/statusPool';
import { isRecord } from '../../../../common/values';
import type { Observation } from '../poll';
import { PollClock } from '../pollClock';

export const description: INodeProperties[] = [
	orderIdListProperty(
		{ event: ['orderStatusChanged'] },
		'The orders to watch, separated by commas, spaces or new lines, or a list from an expression. They are checked together, up to 100 per request; a poll that cannot check them all within the time n8n gives it goes on with the rest at the next poll.',
	),
];

/** What one poll learnt of one order: its record, or the panel's error for its ID. */
type Checked =
	| { orderId: number; known: true; record: IDataObject }
	| { orderId: number; known: false; error: string };

/** The item for one watched order, with the contract's fields in its order. */
function describeOrder(checked: Checked, previousStatus: string | null): IDataObject {
	if (!checked.known) {
		return {
			order: checked.orderId,
			status: null,
			error: checked.error,
			previousStatus,
			charge: null,
			start_count: null,
			remains: null,
			currency: null,
		};
	}
	const { record } = checked;
	return {
		order: checked.orderId,
		status: record.status ?? null,
		previousStatus,
		charge: record.charge ?? null,
		start_count: record.start_count ?? null,
		remains: record.remains ?? null,
		currency: record.currency ?? null,
	};
}

const textsOf = (value: unknown): Record<string, string> =>
	isRecord(value)
		? Object.fromEntries(
				Object.entries(value).filter(
					(entry): entry is [string, string] => typeof entry[1] === 'string',
				),
			)
		: {};

/**
 * The watched IDs in the order this poll checks them: from where the last poll stopped (its
 * `resumeAt`), round to the start, so that every order is checked within a few polls however many
 * there are.
 */
function inCheckingOrder(orderIds: number[], previous: IDataObject | undefined): number[] {
	const start = orderIds.indexOf(Number(previous?.resumeAt));
	return start <= 0 ? orderIds : [...orderIds.slice(start), ...orderIds.slice(0, start)];
}

/**
 * Fires once for each watched order whose status differs from the one last seen, and once for an
 * order the panel stopped knowing (its `error` in place of a status); the other orders are watched
 * on. An order new to the list is recorded first and reported from its next change.
 *
 * The orders are checked 100 per request, one request after the other, while the poll's time lasts
 * (pollClock.ts); the orders left go first at the next poll, and each keeps its last seen status
 * until it is checked, so no change is lost or reported twice. The first poll (the baseline, when
 * the workflow is activated) fails on an unknown ID, with the error Get Status gives for it, as the
 * likely cause is a mistyped ID; so does any failed request, at any poll.
 */
export async function observe(
	this: IPollFunctions,
	previous: IDataObject | undefined,
): Promise<Observation> {
	const orderIds = readOrderIdList(this, undefined);
	const toCheck = inCheckingOrder(orderIds, previous);
	const clock = PollClock.of(this);
	const statusPool = new OrderStatusPool(this);
	const checked: Checked[] = [];
	let reached = 0;
	while (
		reached < toCheck.length &&
		clock.allowsAnotherRequest(await nextRequestDelayMs.call(this))
	) {
		const chunk = toCheck.slice(reached, reached + MAX_IDS_PER_STATUS_REQUEST);
		const settings = clock.requestSettings();
		statusPool.plan(chunk, settings);
		const records = await clock.time(async () => await statusPool.recordsOf(chunk, settings));
		reached += chunk.length;
		for (const orderId of chunk) {
			const record = records.get(orderId);
			if (previous === undefined && (record === undefined || typeof record.error === 'string')) {
				// Throws the error Get Status gives for the ID (the answer is in; nothing is sent).
				await statusPool.statusOf(orderId, settings);
			} else if (record === undefined) {
				// Left out of the answer: not checked this time, so its last seen status stands.
				continue;
			} else if (typeof record.error === 'string') {
				checked.push({ orderId, known: false, error: record.error });
			} else {
				checked.push({ orderId, known: true, record: normalizeRecord(record) });
			}
		}
	}

	// What is kept: the last seen status of every watched order, checked now or before, and the
	// orders already reported as unknown to the panel.
	const watched = new Set(orderIds.map(String));
	const keep = (entries: Record<string, string>) =>
		Object.fromEntries(Object.entries(entries).filter(([order]) => watched.has(order)));
	const before = keep(textsOf(previous?.statuses));
	const reportedUnknown = keep(textsOf(previous?.unknown));
	const statuses = { ...before };
	const unknown = { ...reportedUnknown };
	for (const order of checked) {
		const id = String(order.orderId);
		if (order.known) {
			statuses[id] = String(order.record.status);
			delete unknown[id];
		} else {
			delete statuses[id];
			unknown[id] = order.error;
		}
	}
	const snapshot: IDataObject = { statuses };
	if (Object.keys(unknown).length > 0) snapshot.unknown = unknown;
	if (reached < toCheck.length) snapshot.resumeAt = toCheck[reached];

	return {
		snapshot,
		changesSince() {
			return checked.flatMap((order) => {
				const id = String(order.orderId);
				const previousStatus = before[id];
				if (!order.known) {
					return reportedUnknown[id] === undefined
						? [describeOrder(order, previousStatus ?? null)]
						: [];
				}
				const changed = typeof previousStatus === 'string' && previousStatus !== statuses[id];
				return changed ? [describeOrder(order, previousStatus)] : [];
			});
		},
		sample: () => checked.map((order) => describeOrder(order, null)),
	};
}
