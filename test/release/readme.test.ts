/**
 * The README is for resellers, in the order of n8n's community-node template, short enough to
 * read: install, credential and the shop set-up come first; development lives in CONTRIBUTING.md
 * and docs/. Every relative link of the documents leads to a file and heading that exist.
 */
import { filesUnder, projectFileExists, readProjectFile } from '../harness/project-files';
import { headingAnchorsOf, sectionOf } from '../harness/readme';

const readme = readProjectFile('README.md');
const headings = [...readme.matchAll(/^## (.+)$/gm)].map(([, heading]) => heading);

test('follows n8n’s template, in its order, after the newcomer’s two commands', () => {
	expect(headings).toEqual([
		'Try it without an account',
		'Installation',
		'Credentials',
		'Operations',
		'Trigger',
		'Automations',
		'AI agents and MCP',
		'Compatibility',
		'Troubleshooting',
		'Resources',
		'Version history',
		'Licence',
	]);
});

test('stays short: under 15,000 bytes, the shop set-up within the first 9,000', () => {
	expect(Buffer.byteLength(readme)).toBeLessThan(15000);
	expect(Buffer.byteLength(readme.slice(0, readme.indexOf('**Set up once:**')))).toBeLessThan(9000);
});

test('says where the node installs: self-hosted, and n8n Cloud only once verified', () => {
	const installation = sectionOf('README.md', '## Installation');

	expect(installation).toContain('Settings → Community Nodes → Install');
	expect(installation).toContain('https://docs.n8n.io/integrations/community-nodes/installation/');
	expect(installation).toMatch(/n8n Cloud\*\* installs only community nodes that n8n has verified/);
});

test('keeps Troubleshooting to at most 15 rows, each quoted message given in full in docs/', () => {
	const rows = sectionOf('README.md', '## Troubleshooting')
		.split('\n')
		.filter(
			(line) =>
				line.startsWith('| ') && !line.startsWith('| The node says') && !line.startsWith('| ---'),
		);
	const inFull = ['docs/troubleshooting.md', 'docs/trigger.md', 'docs/operations.md']
		.map(readProjectFile)
		.join('\n');
	const quoted = rows.flatMap((row) =>
		[...row.split(' | ')[0].matchAll(/`([^`]+)`/g)].flatMap(([, message]) =>
			message.split(/\.\.\.|\(\.\.\.\)/).filter((part) => part.trim().length > 12),
		),
	);

	expect(rows.length).toBeGreaterThan(10);
	expect(rows.length).toBeLessThanOrEqual(15);
	expect(quoted.filter((part) => !inFull.includes(part.trim()))).toEqual([]);
});

/** A relative link's target, as a path from the project's root: `../README.md` from `docs/x.md`. */
function resolveFrom(document: string, link: string): string {
	const parts = document.split('/').slice(0, -1);
	for (const part of link.split('/')) {
		if (part === '..') parts.pop();
		else if (part !== '.') parts.push(part);
	}
	return parts.join('/');
}

test('every relative link of the README, CONTRIBUTING.md and docs/ leads to a file and heading that exist', () => {
	const documents = [
		'README.md',
		'CONTRIBUTING.md',
		...filesUnder('docs').filter((file) => file.endsWith('.md')),
	];
	const broken = documents.flatMap((document) =>
		[...readProjectFile(document).matchAll(/\]\(([^)\s]+)\)/g)]
			.map(([, target]) => target)
			.filter((target) => !/^(https?:|mailto:)/.test(target))
			.filter((target) => {
				const [path, anchor] = target.split('#');
				const file = path === '' ? document : resolveFrom(document, path);
				if (!projectFileExists(file)) return true;
				if (anchor === undefined || !file.endsWith('.md')) return false;
				return !headingAnchorsOf(file).includes(anchor);
			})
			.map((target) => `${document}: ${target}`),
	);

	expect(documents.length).toBeGreaterThan(8);
	expect(broken).toEqual([]);
});
