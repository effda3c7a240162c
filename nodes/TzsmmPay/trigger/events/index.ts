/**
 * The trigger's events, by the value its Event dropdown stores. The dropdown's values and the poll's
 * dispatch are checked against this list when the package compiles.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { Observe } from '../poll';
import * as balanceBelow from './balanceBelow';
import * as orderStatusChanged from './orderStatusChanged';
import * as serviceChanged from './serviceChanged';

export type TzsmmPayEvent = 'balanceBelow' | 'orderStatusChanged' | 'serviceChanged';

/** An event module: the fields it shows and what it asks the panel on each poll. */
interface TriggerEvent {
	description: INodeProperties[];
	observe: Observe;
}

export const events: Record<TzsmmPayEvent, TriggerEvent> = {
	balanceBelow,
	orderStatusChanged,
	serviceChanged,
};

/** An entry of the Event dropdown, whose value must be one of the events. */
export type EventOption = INodePropertyOptions & { value: TzsmmPayEvent };

/** The event a saved trigger names, if the trigger has it (a workflow's JSON may say anything). */
export function findEvent(event: string): TriggerEvent | undefined {
	return Object.hasOwn(events, event) ? events[event as TzsmmPayEvent] : undefined;
}
