// @ts-check
/** Items the node returns that many tests expect, spelled out once. */
'use strict';

/**
 * The item Create returns for a sale whose Idempotency Key already placed an order: skipped, not
 * ordered again.
 * @param {string} idempotencyKey
 * @param {string} [link] the buyer's e-mail
 * @param {number} [service]
 */
function skippedItem(idempotencyKey, link = 'buyer@example.com', service = 2) {
	return {
		skipped: true,
		idempotencyKey,
		service,
		link,
		notice: 'Not ordered again: an order was placed under this key before.',
	};
}

/**
 * The status record of an order the sandbox shows as Completed, as the status operations return it.
 * @param {number} order
 */
function completedStatus(order) {
	return { order, charge: 0.56, start_count: 0, status: 'Completed', remains: 0, currency: 'USD' };
}

module.exports = { completedStatus, skippedItem };
