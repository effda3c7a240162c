// A real SMTP server on 127.0.0.1 (npm smtp-server) as the host of n8n's SMTP credential, so that
// the automations' Send Email nodes deliver for real; each message is parsed with mailparser and
// kept, raw text included, for the assertions.
'use strict';

const path = require('node:path');

const { modulesDir } = require('../real-n8n/toolchain');

const { SMTPServer } = require(path.join(modulesDir, 'smtp-server'));
const { simpleParser } = require(path.join(modulesDir, 'mailparser'));

/**
 * @typedef {{ to: string[], from: string, subject: string, text: string, html: string, attachments: Array<{ filename?: string, content: Buffer }>, raw: string }} Mail
 */

/** Starts the server on a free port; `refuseRecipients` holds addresses it answers 550 for. */
async function startSmtpServer() {
	/** @type {Mail[]} */
	const messages = [];
	const refuseRecipients = new Set();

	const server = new SMTPServer({
		// n8n's credential connects without TLS and without a login to this local server.
		secure: false,
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onRcptTo(address, _session, callback) {
			if (refuseRecipients.has(address.address)) {
				const error = new Error(`Mailbox ${address.address} is unavailable`);
				error.responseCode = 550;
				callback(error);
				return;
			}
			callback();
		},
		onData(stream, _session, callback) {
			const chunks = [];
			stream.on('data', (chunk) => chunks.push(chunk));
			stream.on('end', async () => {
				const raw = Buffer.concat(chunks).toString('utf8');
				const parsed = await simpleParser(raw);
				messages.push({
					to: parsed.to ? parsed.to.value.map((entry) => entry.address) : [],
					from: parsed.from?.value[0]?.address ?? '',
					subject: parsed.subject ?? '',
					text: parsed.text ?? '',
					html: typeof parsed.html === 'string' ? parsed.html : '',
					attachments: parsed.attachments.map(({ filename, content }) => ({ filename, content })),
					raw,
				});
				callback();
			});
		},
	});

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	const { port } = server.server.address();

	return {
		port,
		messages,
		refuseRecipients,
		/** The messages sent to `address`. */
		to: (address) => messages.filter((message) => message.to.includes(address)),
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

module.exports = { startSmtpServer };
