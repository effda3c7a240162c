// What the action examples of examples/ return against a fresh sandbox, shared by the tests that
// run them in n8n's engine (examples.test.ts) and in a real n8n (e2e/02-examples.e2e.js).
'use strict';

/** The orders bulk-order-status.json asks about, placed in this order before it runs. */
const BULK_ORDERS = [
	{ serviceId: 3, email: 'first@example.com', status: 'Completed' },
	{ serviceId: 2, email: 'second@example.com', status: 'In progress' },
];

const EXAMPLE_OUTPUTS = {
	checkBalance: { 'Get Balance': [{ balance: 25, currency: 'USD' }] },
	placeOrderAndCheckStatus: {
		'Place Order': [{ order: 23501, service: 2, link: 'buyer@example.com' }],
		'Get Order Status': [
			{
				order: 23501,
				charge: 0.56,
				start_count: 0,
				status: 'Pending',
				remains: 1,
				currency: 'USD',
			},
		],
	},
	bulkOrderStatus: {
		'Get Many Statuses': [
			{
				order: 23501,
				charge: 1.2,
				start_count: 0,
				status: 'Completed',
				remains: 0,
				currency: 'USD',
			},
			{
				order: 23502,
				charge: 0.56,
				start_count: 0,
				status: 'In progress',
				remains: 1,
				currency: 'USD',
			},
			{ order: 8, error: 'Incorrect order ID' },
		],
	},
};

module.exports = { BULK_ORDERS, EXAMPLE_OUTPUTS };
