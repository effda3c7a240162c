/**
 * The node versions whose fields differ, and the displayOptions that show a field from or before
 * one of them. n8n keeps the version a node was saved with, and omits values equal to a field's
 * default when it saves: a field whose type or default changes is therefore a field of a new
 * version, and the old one stays for the nodes saved before.
 */
import type { IDisplayOptions } from 'n8n-workflow';

type VersionCondition = NonNullable<NonNullable<IDisplayOptions['show']>['@version']>;

/** 1.1: Idempotency Keys are kept per workflow and released by an operation of their own. */
export const WORKFLOW_SCOPED_KEYS_VERSION = 1.1;

/** 1.2: Order ID is text without a default, and the Service a resource locator (list or ID). */
export const EDITOR_FIELDS_VERSION = 1.2;

/** The trigger's 1.1: Balance Below Threshold is the default event, as it suits a live shop. */
export const TRIGGER_BALANCE_DEFAULT_VERSION = 1.1;

export const fromVersion = (version: number): VersionCondition => [{ _cnd: { gte: version } }];

export const beforeVersion = (version: number): VersionCondition => [{ _cnd: { lt: version } }];
