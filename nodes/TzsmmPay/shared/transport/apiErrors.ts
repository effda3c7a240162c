/**
 * The errors the reseller API documents (`{"error": "..."}`), each named with what to do about it.
 * The panel's words decide which one it is; the HTTP status only when the words say nothing known.
 */
import type { Failure } from './failure';

/** The failure for the panel's error text, answered with `status`, about `orderLabel`'s order. */
export function apiFailure(apiMessage: string, status: number, orderLabel: string): Failure {
	const said = `(${apiMessage})`;
	switch (classifyApiError(apiMessage, status)) {
		case 401:
			return {
				message: `TZSMM Pay rejected the API key ${said}`,
				httpCode: 401,
				description:
					'Check the API key in the TZSMM Pay API credential; the Reseller page of your TZSMM Pay account shows it.',
			};
		case 402:
			return {
				message: `Your TZSMM Pay balance is too low for this order ${said}`,
				httpCode: 402,
				description:
					'Top up your reseller balance on TZSMM Pay, then run the node again. No order was placed.',
			};
		case 404:
			return {
				message: `${orderLabel} was not found ${said}`,
				httpCode: 404,
				description: 'Check the order ID: it must be an order placed with this API key.',
			};
		case 400:
			return {
				message: `TZSMM Pay refused the request as incorrect ${said}`,
				httpCode: 400,
				description:
					'Check the parameters: the service ID must be one of the panel’s services and the link an e-mail address.',
			};
		default:
			return {
				message: `TZSMM Pay refused the request ${said}`,
				httpCode: status >= 400 ? status : undefined,
				// An error the API does not document, from a failing server: it may have acted first.
				outcomeUnknown: status >= 500,
			};
	}
}

/** The documented error the panel meant: by its words first (they say more), else by the status. */
function classifyApiError(apiMessage: string, status: number): number | undefined {
	if (/api key/i.test(apiMessage)) return 401;
	if (/balance/i.test(apiMessage)) return 402;
	if (/order id/i.test(apiMessage)) return 404;
	if (/incorrect request/i.test(apiMessage)) return 400;
	return [400, 401, 402, 404].includes(status) ? status : undefined;
}
