/**
 * The package's import directions, as CONTRIBUTING.md's "Where things live" draws them: the nodes use
 * their resources, events and shared code; shared code is layered bottom-up and never reaches up;
 * nothing reaches into another node's folder; common/ (plain values and the credential's rules)
 * serves the credential and the nodes and imports neither; no file imports itself through a circle.
 */
import { importGraph } from '../harness/imports';
import { filesUnder, readProjectFile } from '../harness/project-files';

const graph = importGraph(['nodes', 'credentials', 'common']);
const SHARED = 'nodes/TzsmmPay/shared/';

/** The layers of shared/, bottom first: a file may import from its own layer or a lower one. */
const SHARED_LAYERS: string[][] = [
	['orderIds.ts', 'normalize.ts'],
	['transport/'],
	['parameters.ts', 'options.ts', 'orderIdsField.ts', 'aiTool.ts'],
	['api.ts', 'idempotency.ts'],
	['statusPool.ts', 'itemRunner.ts'],
];

function layerOf(file: string): number {
	const name = file.slice(SHARED.length);
	return SHARED_LAYERS.findIndex((layer) =>
		layer.some((entry) => (entry.endsWith('/') ? name.startsWith(entry) : name === entry)),
	);
}

/** common/ serves every folder and imports none (see the last test). */
const isCommon = (file: string) => file.startsWith('common/');

function nodeFolderOf(file: string): string | undefined {
	return /^nodes\/([^/]+)\//.exec(file)?.[1];
}

/** Every circle of imports, each as the files along it. */
function findCircles(): string[][] {
	const circles: string[][] = [];
	const state = new Map<string, 'open' | 'done'>();
	const visit = (file: string, path: string[]) => {
		state.set(file, 'open');
		for (const target of graph[file] ?? []) {
			if (state.get(target) === 'open') circles.push([...path.slice(path.indexOf(target)), target]);
			else if (!state.has(target)) visit(target, [...path, target]);
		}
		state.set(file, 'done');
	};
	for (const file of Object.keys(graph)) if (!state.has(file)) visit(file, [file]);
	return circles;
}

const imports = Object.entries(graph).flatMap(([file, targets]) =>
	targets.map((target) => ({ file, target })),
);

test('the graph covers both nodes, the transport and the events', () => {
	expect(Object.keys(graph)).toEqual(
		expect.arrayContaining([
			'nodes/TzsmmPay/TzsmmPay.node.ts',
			'nodes/TzsmmPay/TzsmmPayTrigger.node.ts',
			'nodes/TzsmmPay/shared/transport/request.ts',
			'nodes/TzsmmPay/trigger/events/orderStatusChanged.ts',
		]),
	);
	expect(imports.length).toBeGreaterThan(50);
});

test('every relative import names a file that exists', () => {
	const files = new Set(Object.keys(graph));
	expect(imports.filter(({ target }) => !files.has(target))).toEqual([]);
});

test('there is no circle of imports', () => {
	expect(findCircles()).toEqual([]);
});

test('no file imports from another node folder', () => {
	const crossing = imports.filter(({ file, target }) => {
		const from = nodeFolderOf(file);
		return from !== undefined && !isCommon(target) && nodeFolderOf(target) !== from;
	});
	expect(crossing).toEqual([]);
});

test('every file of shared/ has a layer', () => {
	const shared = Object.keys(graph).filter((file) => file.startsWith(SHARED));
	expect(shared.filter((file) => layerOf(file) === -1)).toEqual([]);
});

test('shared/ imports only from shared/, and only from its own layer or below', () => {
	const upward = imports.filter(
		({ file, target }) =>
			file.startsWith(SHARED) &&
			!isCommon(target) &&
			(!target.startsWith(SHARED) || layerOf(target) > layerOf(file)),
	);
	expect(upward).toEqual([]);
});

test('the credential imports nothing from nodes/, and common/ nothing from either', () => {
	const reaching = imports.filter(
		({ file, target }) =>
			(file.startsWith('credentials/') && target.startsWith('nodes/')) ||
			(file.startsWith('common/') && !target.startsWith('common/')),
	);
	expect(imports.some(({ file }) => file.startsWith('credentials/'))).toBe(true);
	expect(reaching).toEqual([]);
});

test('the scripts (the demo, the benchmarks) stand on their own: none loads test/', () => {
	const scripts = filesUnder('scripts').filter((file) => file.endsWith('.js'));
	const loadingTests = scripts.filter((file) =>
		/(require\(|from )'(\.\.\/)+test\//.test(readProjectFile(file)),
	);
	expect(scripts).toContain('scripts/demo.js');
	expect(loadingTests).toEqual([]);
});
