// The answers that are not TZSMM Pay's balance, and a Requests per Minute the Test refuses, with
// what the credential's Test must say for each: shared by the tests that run the Test in n8n's
// engine (credentials/credential-test.test.ts) and through a real n8n's REST API
// (e2e/08-n8n-versions.e2e.js). Each answer is a custom fault the sandbox serves to the Test's one
// request.
'use strict';

const CHECK =
	"Check the Base URL of the credential (TZSMM Pay's is https://tzsmmpay.com/api/smmpanel/v1)";
const HTML = `The Base URL answered with an HTML page, not with TZSMM Pay's balance (a website, a login or a firewall page). ${CHECK}.`;
const EMPTY = `The Base URL answered with an empty body (or a redirect, which n8n does not follow), not with TZSMM Pay's balance. ${CHECK}.`;
const NO_BALANCE = `The Base URL answered without a balance (an error of its own, a list, text or another API's JSON), so it is not TZSMM Pay's reseller API. ${CHECK}.`;

/** A JSON answer of the sandbox. */
const jsonAnswer = (body, status = 200) => ({
	status,
	body: JSON.stringify(body),
	contentType: 'application/json',
});

/**
 * `onN8n1` is what n8n 1.x says where it differs: its tester never applies a credential's status
 * rules, so every answer is judged by its body.
 * @type {Array<{ answerIs: string, answer: object, message: string, onN8n1?: string }>}
 */
const NOT_THE_BALANCE = [
	{
		answerIs: 'an HTML page',
		answer: { status: 200, body: '<!DOCTYPE html><html><body>My shop</body></html>' },
		message: HTML,
	},
	{
		answerIs: 'a server’s error page (HTTP 500)',
		answer: { status: 500, body: '<html><body><h1>500 Internal Server Error</h1></body></html>' },
		message: HTML,
	},
	{
		answerIs: '"Incorrect request"',
		answer: jsonAnswer({ error: 'Incorrect request' }),
		message: `The Base URL answered "Incorrect request" instead of the balance: it reaches a panel, but not TZSMM Pay's reseller API. ${CHECK}.`,
	},
	{
		answerIs: 'an error of its own',
		answer: jsonAnswer({ error: 'Route not found' }),
		message: NO_BALANCE,
	},
	{
		answerIs: 'a list',
		answer: jsonAnswer([{ id: 1, name: 'not a balance' }]),
		message: NO_BALANCE,
	},
	{
		answerIs: 'text that is not JSON',
		answer: { status: 200, body: 'OK', contentType: 'text/plain' },
		message: NO_BALANCE,
	},
	{
		answerIs: 'an empty body',
		answer: { status: 200, body: '', contentType: 'text/plain' },
		message: EMPTY,
	},
	{
		answerIs: 'a balance without a currency',
		answer: jsonAnswer({ balance: '12.00' }),
		message: `The Base URL answered with a balance but no currency, unlike TZSMM Pay's reseller API. ${CHECK}.`,
	},
	{
		answerIs: 'a redirect',
		answer: { status: 302, headers: { Location: 'https://example.com/login' }, body: '' },
		message: `The Base URL answered with a redirect (HTTP 302), which n8n does not follow: it would carry the API key elsewhere. ${CHECK}, or set it to the address the panel redirects to if you trust it.`,
		onN8n1: EMPTY,
	},
	{
		answerIs: 'a page that is not there (HTTP 404)',
		answer: { status: 404, body: '<html><body>Not Found</body></html>' },
		message: `The Base URL answered "not found" (HTTP 404): nothing answers there. ${CHECK}.`,
		onN8n1: HTML,
	},
];

/** A Requests per Minute the Test refuses before it sends anything, and what it says. */
const BAD_REQUESTS_PER_MINUTE = {
	requestsPerMinute: -3,
	result: {
		status: 'Error',
		message:
			'The Requests per Minute of the TZSMM Pay API credential is not a whole number of 0 or more: -3',
	},
};

module.exports = { BAD_REQUESTS_PER_MINUTE, NOT_THE_BALANCE, jsonAnswer };
