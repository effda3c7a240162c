// @ts-check
// The one step a user takes before the ordering example orders: it ships with its Buyer Email
// empty, so that a click cannot order. The demo takes it, and so do the tests that run the examples.
'use strict';

/**
 * place-order-and-check-status.json as its sticky note asks a user to fill it in before ordering:
 * the buyer's address typed into Place Order's Buyer Email, which the shipped file leaves empty so
 * that a click cannot order by accident. Any other workflow is returned as it is.
 * @template {{ nodes: Array<{ name: string, parameters: any }> }} W
 * @param {W} workflow
 * @returns {W}
 */
function withBuyerEmailFilledIn(workflow) {
	const index = workflow.nodes.findIndex(
		(node) => node.name === 'Place Order' && node.parameters.link === '',
	);
	if (index === -1) return workflow;
	const filled = structuredClone(workflow);
	filled.nodes[index].parameters.link = 'buyer@example.com';
	return filled;
}

module.exports = { withBuyerEmailFilledIn };
