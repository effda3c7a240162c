/**
 * The verdict of the sales chaos run (`checkEnd` in real-n8n/sales-chaos.js, used by e2e 10 and
 * `npm run bench:sales`), held to end states that break the ledger's promises: it must name each
 * of them, or its "no violations" would prove nothing.
 */
import { checkEnd } from '../../real-n8n/sales-chaos';

const EMAIL = 'r1.woo.1@chaos.example';
/** A WooCommerce sale of two licences, refunded after they were ordered. */
const refundedSale = {
	shop: 'woo',
	kind: 'refunded-after',
	id: 50001,
	email: EMAIL,
	lines: [{ id: 1, product: 'TZ-GOLD', service: 3, quantity: 2 }],
	deliveries: 1,
	atOnce: false,
};
const [ORDERED, HELD] = ['woo:50001:1:1', 'woo:50001:1:2'];
const ORDERS = new Map([
	[9001, { link: EMAIL, service: 3 }],
	[9002, { link: EMAIL, service: 3 }],
]);
const ADDS = [{}, {}];

/** The reseller's e-mail for the sale: one paragraph per licence, as *Unit in Words* writes them. */
const mail = (...paragraphs: string[]) => ({
	subject: 'TZSMM Pay: WooCommerce sale 50001 needs you',
	text: `Sale 50001 from WooCommerce, for a buyer <${EMAIL}>:\n\n${paragraphs.join('\n\n')}`,
});
const heldParagraph = `${HELD} (TZ-GOLD): held: no answer came.`;
const refundedAfterOrder = `${ORDERED} (TZ-GOLD): the shop refunded or cancelled the sale after this licence was ordered (TZSMM Pay order 9001).`;
const refundedWhileHeld = `${HELD} (TZ-GOLD): the shop refunded or cancelled the sale while this licence was held (no answer came to its order).`;

const refundedRows = [
	{ key: ORDERED, state: 'refunded', order: 9001 },
	{ key: HELD, state: 'refunded', order: null },
];

describe('the chaos run’s check of a refunded sale', () => {
	test('passes when each licence is refunded and named once, whichever wording its state before the refund gives', () => {
		const { violations, counts } = checkEnd([refundedSale], {
			rows: refundedRows,
			orders: new Map([[9001, ORDERS.get(9001)!]]),
			adds: ADDS,
			alerts: [mail(heldParagraph), mail(refundedAfterOrder, refundedWhileHeld)],
		});

		expect(violations).toEqual([]);
		expect(counts).toEqual(expect.objectContaining({ ordered: 1, held: 1, neither: 0 }));
	});

	test('names a licence whose refund nobody was told of, and one told twice', () => {
		const { violations } = checkEnd([refundedSale], {
			rows: refundedRows,
			orders: new Map([[9001, ORDERS.get(9001)!]]),
			adds: ADDS,
			alerts: [mail(heldParagraph), mail(refundedAfterOrder), mail(refundedAfterOrder)],
		});

		expect(violations).toEqual([
			`${ORDERED}: refunded, named in 2 refund e-mails`,
			`${HELD}: refunded, named in 0 refund e-mails`,
		]);
	});

	test('names a licence the refund did not reach', () => {
		const { violations } = checkEnd([refundedSale], {
			rows: [refundedRows[0], { key: HELD, state: 'ordered', order: 9002 }],
			orders: ORDERS,
			adds: ADDS,
			alerts: [mail(refundedAfterOrder)],
		});

		expect(violations).toEqual([
			`${HELD}: the sale was refunded, the licence is still ordered`,
			`${HELD}: refunded, named in 0 refund e-mails`,
		]);
	});
});

describe('the chaos run’s check of what the panel placed', () => {
	const paidSale = { ...refundedSale, kind: 'paid' };

	test('counts an order the ledger did not record for a licence it says it ordered as a duplicate', () => {
		const { violations, counts } = checkEnd([paidSale], {
			rows: [
				{ key: ORDERED, state: 'ordered', order: 9001 },
				{ key: HELD, state: 'ordered', order: 9002 },
			],
			orders: new Map([...ORDERS, [9003, { link: EMAIL, service: 3 }]]),
			adds: [...ADDS, {}],
			alerts: [],
		});

		expect(counts.duplicates).toBe(1);
		expect(violations).toEqual(['sale 50001: 3 orders placed for 2 licences']);
	});

	test('counts a licence with no row as neither ordered nor held', () => {
		const { violations, counts } = checkEnd([paidSale], {
			rows: [{ key: ORDERED, state: 'ordered', order: 9001 }],
			orders: new Map([[9001, ORDERS.get(9001)!]]),
			adds: [{}],
			alerts: [],
		});

		expect(counts.neither).toBe(1);
		expect(violations).toEqual([`${HELD}: no ledger row`]);
	});
});
