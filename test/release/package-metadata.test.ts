/**
 * What n8n checks before it verifies a community node: the npm package links to its public GitHub
 * repository, the author can be matched with the repository's owner, and the documentation links
 * work. The repository's address is chosen once, in package.json's `repository`, and every file
 * that names the repository must name the same one.
 */
import { loadPackage } from '../../engine';
import packageJson from '../../package.json';
import { filesUnder, readProjectFile } from '../harness/project-files';
import { headingAnchorsOf } from '../harness/readme';

const repositoryUrl = packageJson.repository.url;
const [, owner, name] = /^git\+https:\/\/github\.com\/([\w.-]+)\/([\w.-]+)\.git$/.exec(
	repositoryUrl,
) ?? [undefined, '', ''];
const repository = `https://github.com/${owner}/${name}`;

const readmeAnchors = new Set(headingAnchorsOf('README.md'));

describe('package.json', () => {
	test('names a GitHub repository as git+https://github.com/<owner>/<name>.git', () => {
		expect(packageJson.repository.type).toBe('git');
		expect(owner).not.toBe('');
		expect(name).toBe(packageJson.name);
	});

	test('has its homepage and bugs on that repository', () => {
		expect(packageJson.homepage).toBe(`${repository}#readme`);
		expect(packageJson.bugs).toEqual({ url: `${repository}/issues` });
	});

	test("has an author that matches the repository's owner, with an e-mail address", () => {
		expect(packageJson.author).toEqual({
			name: owner,
			email: expect.stringMatching(/^[^@\s]+@[^@\s]+\.[a-z]+$/),
			url: `https://github.com/${owner}`,
		});
	});

	test('says which Node versions it runs on', () => {
		expect(packageJson.engines).toEqual({ node: '>=20' });
	});

	test('publishes publicly and only with a provenance statement (so never from a laptop)', () => {
		expect(packageJson.publishConfig).toEqual({ access: 'public', provenance: true });
	});
});

describe('the repository address', () => {
	const filesNamingIt = [
		'package.json',
		'README.md',
		'CHANGELOG.md',
		...filesUnder('credentials'),
		...filesUnder('nodes'),
		...filesUnder('.github'),
	];

	test('is the same wherever a file names this project on GitHub', () => {
		const named = filesNamingIt.flatMap((file) =>
			[...readProjectFile(file).matchAll(/github\.com\/([\w.-]+\/[\w.-]+)/g)]
				// A sentence's full stop or a clone URL's .git is not part of the name.
				.map(([, path]) => path.replace(/(\.git)?\.*$/, ''))
				.filter((path) => /tzsmmpay/i.test(path))
				.map((path) => ({ file, path })),
		);

		expect(named.length).toBeGreaterThan(5);
		expect(named.filter(({ path }) => path !== `${owner}/${name}`)).toEqual([]);
	});

	test("is where the credential's and the nodes' documentation links point, at README sections", () => {
		const { credentialTypes } = loadPackage();
		const codexUrls = filesUnder('nodes')
			.filter((file) => file.endsWith('.node.json'))
			.flatMap((file) => {
				const codex = JSON.parse(readProjectFile(file)) as {
					resources: Record<string, Array<{ url: string }>>;
				};
				return Object.values(codex.resources).flatMap((links) => links.map((link) => link.url));
			});
		const links = [credentialTypes.getByName('tzsmmPayApi').documentationUrl, ...codexUrls];

		expect(links).toHaveLength(5);
		for (const link of links) {
			const [address, anchor] = String(link).split('#');
			expect(address).toBe(repository);
			expect(readmeAnchors).toContain(anchor);
		}
	});
});
