// What the benchmarks (bench.js, bench-n8n.js, bench-rate-limit.js, bench-sales.js) share: their command-line options, the median, and
// bench/RESULTS.md, which holds the figures of both, each in a section of its own between marker
// comments, so that `npm run bench -- --write` and `npm run bench:n8n -- --write` each rewrite only
// their own part.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const RESULTS_FILE = path.join(__dirname, '..', 'bench', 'RESULTS.md');
/** The sections in the order the file shows them. */
const SECTIONS = ['engine', 'n8n', 'rate-limit', 'sales'];
const HEADER = '# Benchmark results\n';

/** The value after `name` on the command line, or `fallback`. */
function argument(name, fallback) {
	const index = process.argv.indexOf(name);
	return index === -1 ? fallback : process.argv[index + 1];
}

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const marker = (name, edge) => `<!-- bench section ${name}: ${edge} -->`;

function readSections() {
	const text = fs.existsSync(RESULTS_FILE) ? fs.readFileSync(RESULTS_FILE, 'utf8') : '';
	const sections = {};
	for (const name of SECTIONS) {
		const start = text.indexOf(marker(name, 'start'));
		const end = text.indexOf(marker(name, 'end'));
		if (start !== -1 && end > start) {
			sections[name] = text.slice(start + marker(name, 'start').length, end).trim();
		}
	}
	return sections;
}

/** Replaces one section of bench/RESULTS.md, keeping the others; returns the file's path. */
function writeResultsSection(name, content) {
	if (!SECTIONS.includes(name)) throw new Error(`Unknown results section "${name}"`);
	const sections = { ...readSections(), [name]: content.trim() };
	const body = SECTIONS.filter((section) => sections[section] !== undefined)
		.map((section) =>
			[marker(section, 'start'), sections[section], marker(section, 'end')].join('\n'),
		)
		.join('\n\n');
	fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
	fs.writeFileSync(RESULTS_FILE, `${HEADER}\n${body}\n`);
	return RESULTS_FILE;
}

/**
 * The benchmark's workflow: a manual trigger whose items (pinned) go into one TZSMM Pay node that
 * runs `operation` with `parameters`, with the credential of ID `credentialId`.
 */
function tzsmmPayWorkflow(operation, parameters, credentialId = '1') {
	return {
		name: `Benchmark: TZSMM Pay ${operation}`,
		nodes: [
			{
				id: '1',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: '2',
				name: 'TZSMM Pay',
				type: 'n8n-nodes-tzsmmpay.tzsmmPay',
				typeVersion: 1,
				position: [220, 0],
				parameters: { resource: 'order', operation, ...parameters },
				credentials: { tzsmmPayApi: { id: credentialId, name: 'TZSMM Pay sandbox' } },
			},
		],
		connections: {
			Start: { main: [[{ node: 'TZSMM Pay', type: 'main', index: 0 }]] },
		},
	};
}

module.exports = { argument, median, writeResultsSection, tzsmmPayWorkflow };
