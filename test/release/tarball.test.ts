/**
 * The published tarball holds the built package and its documents, nothing else: no sources, no
 * source maps pointing at sources it does not ship, no declarations, no tests or tooling.
 * `npm test` builds first, so `npm pack --dry-run` sees the tree a release publishes.
 */
import { filesUnder, packedFiles } from '../harness/project-files';

/** What the build makes of the sources: each .ts compiled to .js, icons and codex files copied. */
function builtFromSources(): string[] {
	return ['common', 'credentials', 'nodes']
		.flatMap(filesUnder)
		.flatMap((file) => {
			if (file.endsWith('.ts')) return [`dist/${file.replace(/\.ts$/, '.js')}`];
			if (file.endsWith('.svg') || file.endsWith('.node.json')) return [`dist/${file}`];
			return [];
		})
		.sort();
}

const packed = packedFiles();

test('npm pack lists exactly dist/ as built from the sources, README, LICENSE, CHANGELOG and package.json', () => {
	expect(packed).toEqual(
		[...builtFromSources(), 'CHANGELOG.md', 'LICENSE.md', 'README.md', 'package.json'].sort(),
	);
});

test('the tarball has no source map, declaration or TypeScript source', () => {
	expect(packed.filter((file) => /\.(map|ts)$/.test(file))).toEqual([]);
});

test('the tarball has both nodes, the credential, their codex files and icons', () => {
	expect(packed).toEqual(
		expect.arrayContaining([
			'dist/credentials/TzsmmPayApi.credentials.js',
			'dist/nodes/TzsmmPay/TzsmmPay.node.js',
			'dist/nodes/TzsmmPay/TzsmmPay.node.json',
			'dist/nodes/TzsmmPay/TzsmmPayTrigger.node.js',
			'dist/nodes/TzsmmPay/TzsmmPayTrigger.node.json',
			'dist/nodes/TzsmmPay/tzsmmpay.svg',
			'dist/nodes/TzsmmPay/tzsmmpay.dark.svg',
		]),
	);
});
