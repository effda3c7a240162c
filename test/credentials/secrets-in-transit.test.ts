/**
 * Where the API key may go: a plain http:// Base URL for another machine is refused by the node,
 * the trigger and the credential test before anything is sent, unless the credential's "Allow
 * Unencrypted HTTP" is on. Every request for another machine goes to a recording proxy on
 * 127.0.0.1 (test/harness/plain-http-proxy.js), so "nothing was sent" is observed, not assumed.
 */
import { testCredentials } from '../../engine';
import getBalance from '../account/fixtures/get-balance.json';
import { useTzsmmPayNode } from '../harness/node';
import { usePlainHttpProxy } from '../harness/plain-http-proxy';
import { useTzsmmPayTrigger } from '../harness/trigger';
import trigger from '../trigger/fixtures/trigger.json';

const proxy = usePlainHttpProxy();
const { sandbox, run } = useTzsmmPayNode();
const { activate } = useTzsmmPayTrigger(trigger);

/** The vendor's address with its s dropped: the typo this guards against. */
const TYPO_URL = 'http://tzsmmpay.com/api/smmpanel/v1';
/** A self-hosted panel on the user's own network. */
const LAN_PANEL_URL = 'http://panel.lan/api/v2';

const REFUSAL =
	'The Base URL of the TZSMM Pay API credential starts with http://, which would send the API key unencrypted';

describe('a plain http:// Base URL for another machine', () => {
	test('fails the node before any request, saying why and what to do', async () => {
		const result = await run(getBalance, { credentials: { baseUrl: TYPO_URL } });

		expect(result.error.message).toBe(REFUSAL);
		expect(result.error.description).toContain('Nothing was sent to tzsmmpay.com');
		expect(result.error.description).toContain('Allow Unencrypted HTTP');
		expect(result.error.context.itemIndex).toBe(0);
		expect(proxy.requests).toEqual([]);
		expect(sandbox.state.requests).toEqual([]);
	});

	test('fails the trigger’s activation before any request', async () => {
		const workflow = activate(
			{ event: 'balanceBelow', threshold: 10 },
			{ credentials: { baseUrl: TYPO_URL } },
		);

		const { error } = await workflow.poll();

		expect(error?.message).toBe(REFUSAL);
		expect(workflow.storedStaticData).toEqual({});
		expect(proxy.requests).toEqual([]);
	});

	test('fails the credential test with the reason, and sends nothing', async () => {
		const result = await testCredentials('tzsmmPayApi', {
			apiKey: sandbox.apiKey,
			baseUrl: TYPO_URL,
		});

		expect(result).toEqual({ status: 'Error', message: REFUSAL });
		expect(proxy.requests).toEqual([]);
	});

	test('is refused with the option off whatever the host is named, 127.0.0.1 aside', async () => {
		for (const baseUrl of [
			'http://127.0.0.1.nip.io/api',
			'http://localhost@tzsmmpay.com/api',
			'http://10.0.0.5/api',
		]) {
			const result = await run(getBalance, {
				credentials: { baseUrl, allowUnencryptedHttp: false },
			});
			expect(result.error.message).toBe(REFUSAL);
		}
		expect(proxy.requests).toEqual([]);
	});
});

describe('with "Allow Unencrypted HTTP" on', () => {
	test('the node reaches a panel on the own network, and the key crosses it unencrypted', async () => {
		const result = await run(getBalance, {
			credentials: { baseUrl: LAN_PANEL_URL, allowUnencryptedHttp: true },
		});

		expect(result.json).toEqual([{ balance: 12.5, currency: 'USD' }]);
		// What the option's description warns of: the key is readable on the way.
		expect(proxy.requests).toEqual([
			{ host: 'panel.lan', path: '/api/v2', query: { action: 'balance', key: sandbox.apiKey } },
		]);
	});

	test('the trigger polls it', async () => {
		const workflow = activate(
			{ event: 'balanceBelow', threshold: 10 },
			{ credentials: { baseUrl: LAN_PANEL_URL, allowUnencryptedHttp: true } },
		);

		const { error } = await workflow.poll();

		expect(error).toBeUndefined();
		expect(proxy.requests.map((request) => request.query.action)).toEqual(['balance']);
	});

	test('the credential test passes against it', async () => {
		const result = await testCredentials('tzsmmPayApi', {
			apiKey: sandbox.apiKey,
			baseUrl: LAN_PANEL_URL,
			allowUnencryptedHttp: true,
		});

		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(proxy.requests.map((request) => request.host)).toEqual(['panel.lan']);
	});
});

describe('plain http:// to this machine (the sandbox)', () => {
	test('needs no option: node, trigger and credential test reach it', async () => {
		const { baseUrl } = sandbox;
		expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);

		const node = await run(getBalance, { credentials: { baseUrl } });
		const poll = await activate(
			{ event: 'balanceBelow', threshold: 10 },
			{ credentials: { baseUrl } },
		).poll();
		const credentialTest = await testCredentials('tzsmmPayApi', {
			apiKey: sandbox.apiKey,
			baseUrl,
		});

		expect(node.json).toEqual([expect.objectContaining({ currency: 'USD' })]);
		expect(poll.error).toBeUndefined();
		expect(credentialTest.status).toBe('OK');
		expect(proxy.requests).toEqual([]);
	});
});
