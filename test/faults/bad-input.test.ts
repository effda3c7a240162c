/**
 * Bad input, row by row: each is refused with a message that names the field and the item, before
 * a single request leaves n8n (so before any money is spent). The same table is in
 * docs/troubleshooting.md, under Bad input; the last test keeps the two in step.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { useTzsmmPayNode, type WorkflowFixture } from '../harness/node';
import { sectionOf } from '../harness/readme';
import getBalance from '../account/fixtures/get-balance.json';
import create from '../order/fixtures/create.json';
import getStatus from '../order/fixtures/get-status.json';
import getManyStatuses from '../order/fixtures/get-many-statuses.json';
import releaseIdempotencyKey from '../order/fixtures/release-idempotency-key.json';
import getServices from '../service/fixtures/get-many.json';

const { sandbox, run } = useTzsmmPayNode();

interface BadInput {
	input: string;
	fixture: WorkflowFixture;
	/** Items for the Start node: a good one first where the field comes from the item. */
	items?: IDataObject[];
	parameters?: INodeParameters;
	credentials?: IDataObject;
	/** For a fixture with more than one TZSMM Pay node: which one, and the trigger before it. */
	node?: string;
	startNode?: string;
	message: string;
}

const GOOD_BUYER = { email: 'buyer@example.com' };
type BadItem = Pick<BadInput, 'fixture' | 'items'>;
/** A good item, then one whose field holds `value` (as an expression reading the item sees it). */
const withBadItem = (
	fixture: WorkflowFixture,
	good: IDataObject,
	field: string,
	value: unknown,
): BadItem => ({
	fixture,
	items: [good, { [field]: value } as IDataObject],
});
const buyer = (email: unknown) => withBadItem(create, GOOD_BUYER, 'email', email);
const order = (orderId: unknown) => withBadItem(getStatus, { order: 1 }, 'order', orderId);
/** Create with the Idempotency Key read from the item's `saleId`, bad in the second item. */
const saleKey = (saleId: unknown): BadItem & Pick<BadInput, 'parameters'> => ({
	...withBadItem(create, { ...GOOD_BUYER, saleId: 'sale-1' }, 'saleId', saleId),
	parameters: { options: { idempotencyKey: '={{ $json.saleId }}' } },
});
const orders = (orderIds: unknown) =>
	withBadItem(getManyStatuses, { orders: '1, 2' }, 'orders', orderIds);
/** Order › Release Idempotency Key, in its own branch, the key from the item's `saleId`. */
const keyToRelease = (saleId: unknown): Omit<BadInput, 'input' | 'message'> => ({
	...withBadItem(releaseIdempotencyKey, { saleId: 'sale-1' }, 'saleId', saleId),
	node: 'Release Key',
	startNode: 'Release Start',
});

const badInputs: BadInput[] = [
	{
		input: 'Service ID as text from an expression',
		fixture: create,
		items: [GOOD_BUYER],
		parameters: { serviceId: '={{ "gold" }}' },
		message: 'Invalid Service in item 0: "gold" is not a positive whole number',
	},
	{
		input: 'negative Service ID',
		fixture: create,
		items: [GOOD_BUYER],
		parameters: { serviceId: -2 },
		message: 'Invalid Service in item 0: -2 is not a positive whole number',
	},
	{
		input: 'fractional Service ID',
		fixture: create,
		items: [GOOD_BUYER],
		parameters: { serviceId: 2.5 },
		message: 'Invalid Service in item 0: 2.5 is not a positive whole number',
	},
	{
		input: 'Service ID true from an expression',
		fixture: create,
		items: [GOOD_BUYER],
		parameters: { serviceId: '={{ true }}' },
		message: 'Invalid Service in item 0: true is not a positive whole number',
	},
	{
		input: 'Service ID from an expression that finds nothing',
		fixture: create,
		items: [GOOD_BUYER],
		parameters: { serviceId: '={{ $json.service }}' },
		message: 'Invalid Service in item 0: the Service is missing',
	},
	{
		input: 'Buyer Email missing from the item',
		...buyer(undefined),
		message: 'Invalid Buyer Email in item 1: the Buyer Email is empty',
	},
	{
		input: 'Buyer Email of only spaces',
		...buyer('   '),
		message: 'Invalid Buyer Email in item 1: the Buyer Email is empty',
	},
	{
		input: 'Buyer Email as a number',
		...buyer(42),
		message: 'Invalid Buyer Email in item 1: 42 is not text',
	},
	{
		input: 'Buyer Email as an object',
		...buyer({ address: 'buyer@example.com' }),
		message: 'Invalid Buyer Email in item 1: an object is not text',
	},
	{
		input: 'Buyer Email as a list',
		...buyer(['buyer@example.com']),
		message: 'Invalid Buyer Email in item 1: a list is not text',
	},
	{
		input: 'Buyer Email without @',
		...buyer('buyer.example.com'),
		message: 'Invalid Buyer Email in item 1: "buyer.example.com" is not an e-mail address',
	},
	{
		input: 'Buyer Email with a space inside',
		...buyer('buyer @example.com'),
		message: 'Invalid Buyer Email in item 1: "buyer @example.com" is not an e-mail address',
	},
	{
		input: 'two Buyer Emails in one field',
		...buyer('a@example.com,b@example.com'),
		message:
			'Invalid Buyer Email in item 1: "a@example.com,b@example.com" is not an e-mail address',
	},
	{
		input: 'Buyer Email with an accented letter',
		...buyer('bürger@example.de'),
		message:
			'Invalid Buyer Email in item 1: "bürger@example.de" contains the character "ü" (U+00FC); only ASCII letters, digits and punctuation are accepted',
	},
	{
		input: 'Buyer Email with a Cyrillic look-alike letter',
		...buyer('buyer@ex\u0430mple.com'),
		message:
			'Invalid Buyer Email in item 1: "buyer@ex\u0430mple.com" contains the character "\u0430" (U+0430); only ASCII letters, digits and punctuation are accepted',
	},
	{
		input: 'Buyer Email with an invisible zero-width space',
		...buyer('buyer\u200b@example.com'),
		message:
			'Invalid Buyer Email in item 1: "buyer\u200b@example.com" contains the character "\u200b" (U+200B); only ASCII letters, digits and punctuation are accepted',
	},
	{
		input: 'Buyer Email of 300 characters',
		...buyer(`${'b'.repeat(288)}@example.com`),
		message:
			'Invalid Buyer Email in item 1: the address is 300 characters long; at most 254 are possible',
	},
	{
		input: 'Idempotency Key of 300 characters',
		...saleKey('k'.repeat(300)),
		message:
			'Invalid Idempotency Key in item 1: the key is 300 characters long; at most 255 are accepted',
	},
	{
		input: 'Idempotency Key as an object',
		...saleKey({ id: 'sale-1' }),
		message: 'Invalid Idempotency Key in item 1: an object is not text or a number',
	},
	{
		input: 'Idempotency Key as a list',
		...saleKey(['sale-1']),
		message: 'Invalid Idempotency Key in item 1: a list is not text or a number',
	},
	{
		input: 'Idempotency Key true from an expression',
		...saleKey(true),
		message: 'Invalid Idempotency Key in item 1: true is not text or a number',
	},
	{
		input: 'Idempotency Keys Kept of 0',
		fixture: create,
		items: [GOOD_BUYER],
		parameters: { options: { idempotencyKey: 'sale-1', idempotencyKeysKept: 0 } },
		message: 'Invalid Idempotency Keys Kept in item 0: 0 is not a positive whole number',
	},
	{
		input: 'Order ID with letters',
		...order('12abc'),
		message: 'Invalid Order ID in item 1: "12abc" is not a positive whole number',
	},
	{
		input: 'negative Order ID',
		...order(-5),
		message: 'Invalid Order ID in item 1: -5 is not a positive whole number',
	},
	{
		input: 'fractional Order ID',
		...order(1.5),
		message: 'Invalid Order ID in item 1: 1.5 is not a positive whole number',
	},
	{
		input: 'Order ID beyond what JavaScript counts exactly',
		...order(2 ** 53),
		message: 'Invalid Order ID in item 1: 9007199254740992 is not a positive whole number',
	},
	{
		input: 'Order ID missing from the item',
		...order(undefined),
		message: 'Invalid Order ID in item 1: the Order ID is missing',
	},
	{
		input: 'Order IDs left empty',
		...orders(''),
		message: 'Invalid Order IDs in item 1: no order ID was given',
	},
	{
		input: 'Order IDs of only separators',
		...orders(' , ;\n'),
		message: 'Invalid Order IDs in item 1: no order ID was given',
	},
	{
		input: 'a negative ID among Order IDs',
		...orders('1, -2, 3'),
		message: 'Invalid Order IDs in item 1: "-2" is not an order ID (a positive whole number)',
	},
	{
		input: 'a fractional ID among Order IDs',
		...orders('4.5'),
		message: 'Invalid Order IDs in item 1: "4.5" is not an order ID (a positive whole number)',
	},
	{
		input: 'Order IDs as an object',
		...orders({ id: 1 }),
		message: 'Invalid Order IDs in item 1: expected a list of order IDs, got an object',
	},
	{
		input: 'null in a list of Order IDs',
		...orders([1, null]),
		message: 'Invalid Order IDs in item 1: null is not an order ID (a positive whole number)',
	},
	{
		input: 'more than 10,000 Order IDs in one item',
		...orders(Array.from({ length: 10_001 }, (_, index) => index + 1)),
		message:
			'Invalid Order IDs in item 1: 10001 order IDs were given; at most 10000 can be checked per item',
	},
	{
		input: 'Limit of 0',
		fixture: getServices,
		parameters: { returnAll: false, limit: 0 },
		message: 'Invalid Limit in item 0: 0 is not a positive whole number',
	},
	{
		input: 'Limit as text',
		fixture: getServices,
		parameters: { returnAll: false, limit: '={{ "ten" }}' },
		message: 'Invalid Limit in item 0: "ten" is not a positive whole number',
	},
	{
		input: 'Timeout of 0',
		fixture: getBalance,
		parameters: { options: { timeout: 0 } },
		message: 'Invalid Timeout (Seconds) in item 0: 0 is not a positive number of seconds',
	},
	{
		input: 'Timeout as text',
		fixture: getBalance,
		parameters: { options: { timeout: '={{ "soon" }}' } },
		message: 'Invalid Timeout (Seconds) in item 0: "soon" is not a positive number of seconds',
	},
	{
		input: 'negative Retries',
		fixture: getBalance,
		parameters: { options: { retries: -1 } },
		message: 'Invalid Retries in item 0: -1 is not a whole number from 0 to 10',
	},
	{
		input: 'fractional Retries',
		fixture: getBalance,
		parameters: { options: { retries: 2.5 } },
		message: 'Invalid Retries in item 0: 2.5 is not a whole number from 0 to 10',
	},
	{
		input: 'Retry Wait over a minute',
		fixture: getBalance,
		parameters: { options: { retryWait: 120000 } },
		message:
			'Invalid Retry Wait (Ms) in item 0: 120000 is not a number of milliseconds from 0 to 60000',
	},
	{
		input: 'negative Rate Limit Wait',
		fixture: getBalance,
		parameters: { options: { rateLimitWait: -1 } },
		message:
			'Invalid Rate Limit Wait (Seconds) in item 0: -1 is not a number of seconds from 0 to 600',
	},
	{
		input: 'Rate Limit Wait over ten minutes, on Create',
		fixture: create,
		items: [
			{ ...GOOD_BUYER, wait: 5 },
			{ ...GOOD_BUYER, wait: 601 },
		],
		parameters: { options: { rateLimitWait: '={{ $json.wait }}' } },
		message:
			'Invalid Rate Limit Wait (Seconds) in item 1: 601 is not a number of seconds from 0 to 600',
	},
	{
		input: 'negative Requests per Minute',
		fixture: getBalance,
		credentials: { requestsPerMinute: -5 },
		message:
			'The Requests per Minute of the TZSMM Pay API credential is not a whole number of 0 or more: -5',
	},
	{
		input: 'Requests per Minute that is not a number',
		fixture: getStatus,
		items: [{ order: 23501 }],
		credentials: { requestsPerMinute: 'sixty' },
		message:
			'The Requests per Minute of the TZSMM Pay API credential is not a whole number of 0 or more: "sixty"',
	},
	{
		input: 'fractional Requests per Minute',
		fixture: create,
		items: [GOOD_BUYER],
		credentials: { requestsPerMinute: 2.5 },
		message:
			'The Requests per Minute of the TZSMM Pay API credential is not a whole number of 0 or more: 2.5',
	},
	{
		input: 'Base URL with ftp://',
		fixture: getBalance,
		credentials: { baseUrl: 'ftp://127.0.0.1/api/smmpanel/v1' },
		message: 'The Base URL of the TZSMM Pay API credential must start with http:// or https://',
	},
	{
		input: 'Base URL without http(s)://',
		fixture: getBalance,
		credentials: { baseUrl: 'tzsmmpay.com/api/smmpanel/v1' },
		message: 'The Base URL of the TZSMM Pay API credential must start with http:// or https://',
	},
	{
		input: 'empty API Key',
		fixture: getBalance,
		credentials: { apiKey: '' },
		message: 'The API Key of the TZSMM Pay API credential is empty',
	},
	{
		input: 'Release Idempotency Key with an empty key',
		...keyToRelease(''),
		message: 'Invalid Idempotency Key in item 1: the key is empty, so there is nothing to release',
	},
	{
		input: 'Release Idempotency Key with a key that is a list',
		...keyToRelease(['sale-1']),
		message: 'Invalid Idempotency Key in item 1: a list is not text or a number',
	},
	{
		input: 'API Key of only spaces',
		fixture: getBalance,
		credentials: { apiKey: '   ' },
		message: 'The API Key of the TZSMM Pay API credential is empty',
	},
];

test('the table has at least 25 rows', () => {
	expect(badInputs.length).toBeGreaterThanOrEqual(25);
});

test.each(badInputs)('$input is refused before any request', async (row) => {
	const result = await run(row.fixture, {
		input: row.items,
		parameters: row.parameters,
		credentials: row.credentials,
		node: row.node,
		startNode: row.startNode,
	});

	expect(result.error.message).toBe(row.message);
	expect(sandbox.state.requests).toEqual([]);
});

test('docs/troubleshooting.md lists every one of these messages under Bad input', () => {
	const badInput = sectionOf('docs/troubleshooting.md', '## Bad input');
	const missing = badInputs.filter((row) => !badInput.includes(row.message));
	expect(missing.map((row) => row.message)).toEqual([]);
});
