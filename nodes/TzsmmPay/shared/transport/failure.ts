/**
 * A failed attempt in plain words, and the `NodeApiError` it becomes: the one place an error of a
 * request is named, and where the API key is cut out of every text the error carries.
 */
import type { IDataObject, JsonObject, NodeOperationError } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { TzsmmPayAction, TzsmmPayContext } from './types';

/** What went wrong with one attempt, in words for the user; `toError` turns it into the error. */
export interface Failure {
	message: string;
	httpCode?: number;
	description?: string;
	/** Whether sending the request again may succeed (429, 502-504, a reset connection). */
	transient?: boolean;
	/** The panel's `Retry-After` header, when it sent one. */
	retryAfter?: string;
	/** Whether the panel may have acted on the request anyway (for `add`: placed the order). */
	outcomeUnknown?: boolean;
}

const BODY_EXCERPT_LENGTH = 200;

/** Where an error of `add` says that the panel may have placed (and charged) the order. */
const ORDER_MAY_EXIST = 'orderMayHaveBeenPlaced';

/**
 * Whether the error is one of `add` whose outcome is unknown (a timeout, a reset, a 500, 502 or 504,
 * an answer that is not the new order ID): the order may exist. Every other error of `add` means it
 * does not.
 */
export function orderMayHaveBeenPlaced(error: NodeApiError | NodeOperationError): boolean {
	return error.context[ORDER_MAY_EXIST] === true;
}

/** Turns failures of one request into the node's errors, with the key kept out of every text. */
export class FailureReporter {
	constructor(
		private readonly context: TzsmmPayContext,
		private readonly action: TzsmmPayAction,
		private readonly params: IDataObject,
		private readonly apiKey: string,
		readonly itemIndex: number | undefined,
	) {}

	redact(text: string): string {
		return this.apiKey ? text.split(this.apiKey).join('***') : text;
	}

	/** The start of a body for an error's details; redacted before it is cut, so no part of the key shows. */
	bodyExcerpt(text: string): string {
		const flat = this.redact(text).replace(/\s+/g, ' ').trim();
		if (flat === '') return 'The body was empty.';
		const cut = flat.length > BODY_EXCERPT_LENGTH ? `${flat.slice(0, BODY_EXCERPT_LENGTH)}…` : flat;
		return `The body began: ${cut}`;
	}

	orderLabel(): string {
		if (this.params.order !== undefined) return `Order ${String(this.params.order)}`;
		if (this.params.orders !== undefined) return `One of the orders ${String(this.params.orders)}`;
		return 'The order';
	}

	/**
	 * The error for the last of `attempts` failed attempts. For `add` whose outcome is unknown the
	 * message itself (all that a Continue On Fail item keeps) says to check before trying again.
	 */
	toError(failure: Failure, attempts: number, stopReason?: string): NodeApiError {
		let message = failure.message;
		const details: string[] = [];
		if (attempts > 1) message += `; gave up after ${attempts} attempts`;
		if (stopReason) message += `; ${stopReason}`;
		if (this.action === 'add' && failure.outcomeUnknown) {
			message +=
				'. The order may have been placed: check your orders in TZSMM Pay before you try again';
			details.push(
				'The panel may have placed and charged the order before the answer was lost; ordering again without checking could charge the buyer twice.',
			);
		}
		if (failure.description) details.push(failure.description);

		const safeMessage = this.redact(message);
		const safeDescription = details.length ? this.redact(details.join(' ')) : undefined;
		const httpCode = failure.httpCode === undefined ? undefined : String(failure.httpCode);
		// The cause handed to n8n is built here from safe text only: the original error objects hold
		// the request's query string, and with it the key.
		const cause: JsonObject = { message: safeMessage, action: this.action, attempts };
		if (httpCode !== undefined) cause.httpCode = httpCode;
		const error = new NodeApiError(this.context.getNode(), cause, {
			message: safeMessage,
			description: safeDescription,
			httpCode,
			itemIndex: this.itemIndex,
		});
		if (this.action === 'add' && failure.outcomeUnknown) error.context[ORDER_MAY_EXIST] = true;
		return error;
	}
}
