import { checkBaseUrl } from '../../common/credentialRules';

const allowed = (url: string, allowUnencrypted = false) =>
	checkBaseUrl(url, allowUnencrypted).allowed;

describe('checkBaseUrl', () => {
	test('accepts https:// anywhere, and hands back the URL without trailing slashes', () => {
		expect(checkBaseUrl(' https://tzsmmpay.com/api/smmpanel/v1/ ', false)).toEqual({
			allowed: true,
			url: 'https://tzsmmpay.com/api/smmpanel/v1',
		});
		expect(allowed('HTTPS://panel.example.org:8443/api')).toBe(true);
	});

	test.each([
		'http://127.0.0.1:8787/api/smmpanel/v1',
		'http://[::1]:8787/api',
		'http://localhost:8787/api',
		'http://LOCALHOST/api',
	])('accepts plain http:// to this machine: %s', (url) => {
		expect(allowed(url)).toBe(true);
	});

	test.each([
		['the vendor’s host with its s dropped', 'http://tzsmmpay.com/api/smmpanel/v1'],
		['a host on the own network', 'http://192.168.1.20/api'],
		['another loopback address than the three named', 'http://127.0.0.2/api'],
		['a name that starts like this machine', 'http://127.0.0.1.nip.io/api'],
		['a name that ends like this machine', 'http://evil-localhost/api'],
		['this machine as a user name before another host', 'http://localhost@tzsmmpay.com/api'],
		['a subdomain of localhost', 'http://panel.localhost.example.com/api'],
	])('refuses plain http:// to %s, saying why', (_case, url) => {
		const verdict = checkBaseUrl(url, false);

		expect(verdict).toEqual({
			allowed: false,
			message:
				'The Base URL of the TZSMM Pay API credential starts with http://, which would send the API key unencrypted',
			description: expect.stringContaining(`Nothing was sent to ${new URL(url).host}`),
		});
	});

	test('accepts plain http:// to another machine when the credential allows it', () => {
		expect(allowed('http://192.168.1.20/api', true)).toBe(true);
		expect(allowed('http://tzsmmpay.com/api/smmpanel/v1', true)).toBe(true);
	});

	test.each([
		['another scheme', 'ftp://127.0.0.1/api'],
		['no scheme', 'tzsmmpay.com/api/smmpanel/v1'],
		['a scheme without //', 'http:tzsmmpay.com/api'],
		['nothing', ''],
		['not a string', undefined],
	])('refuses %s whatever the option says', (_case, url) => {
		for (const allowUnencrypted of [false, true]) {
			expect(checkBaseUrl(url, allowUnencrypted)).toEqual({
				allowed: false,
				message: 'The Base URL of the TZSMM Pay API credential must start with http:// or https://',
				description: 'Open the credential and correct its Base URL.',
			});
		}
	});
});
