/**
 * The release machinery as a spec: what the two GitHub Actions workflows run and may do, the
 * release check that guards publishing, and the changelog it reads. actionlint checks that the
 * workflows are valid (`npm run lint`); these tests check that they do what the README and CONTRIBUTING.md promise.
 */
import { parse } from 'yaml';

import packageJson from '../../package.json';
import { releaseProblems } from '../../scripts/release-check';
import {
	editedCopy,
	packedFiles,
	publishDryRun,
	readProjectFile,
	runProjectScript,
} from '../harness/project-files';
import { openingCommands } from '../harness/readme';

interface Step {
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
}
interface Job {
	permissions?: unknown;
	strategy?: { matrix?: { node?: number[] } };
	steps: Step[];
}
interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

const readWorkflow = (file: string) =>
	parse(readProjectFile(`.github/workflows/${file}`)) as Workflow;
const ci = readWorkflow('ci.yml');
const publish = readWorkflow('publish.yml');

const runs = (job: Job) => job.steps.flatMap((step) => (step.run ? [step.run.trim()] : []));
const usesAction = (job: Job, action: string) =>
	job.steps.find((step) => step.uses?.startsWith(`${action}@`));

/** The commands of the README's opening block: the demo and the tests, for a newcomer. */
const readmeCommands = openingCommands('README.md');
/** The commands of CONTRIBUTING.md's opening block: those two and the end-to-end run. */
const contributingCommands = openingCommands('CONTRIBUTING.md');

describe('ci.yml', () => {
	const jobs = Object.values(ci.jobs);
	const testJob = jobs.find((job) => job.strategy?.matrix?.node) as Job;
	const e2eJob = jobs.find((job) => runs(job).includes('npm run test:e2e')) as Job;

	test('runs on every push to a branch and on every pull request', () => {
		expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
		expect(ci.on.push).toEqual({ branches: ['**'] });
	});

	test("runs the README's install, lint and test commands on Node 20 and 24", () => {
		expect(readmeCommands).toEqual(['npm ci && npm run demo', 'npm ci && npm test']);
		expect(contributingCommands).toEqual(expect.arrayContaining(readmeCommands));
		expect(testJob.strategy?.matrix?.node).toEqual([20, 24]);
		expect(usesAction(testJob, 'actions/setup-node')?.with?.['node-version']).toBe(
			'${{ matrix.node }}',
		);
		expect(runs(testJob)).toEqual(['npm ci', 'npm run lint', 'npm test']);
	});

	test("tests the oldest Node that package.json's engines allows", () => {
		const oldest = Math.min(...(testJob.strategy?.matrix?.node ?? []));
		expect(packageJson.engines.node).toBe(`>=${oldest}`);
	});

	test("runs CONTRIBUTING.md's e2e command with .cache/n8n cached by the real n8n's lockfiles", () => {
		expect(contributingCommands).toContain('npm ci && npm run test:e2e');
		expect(runs(e2eJob).slice(-2)).toEqual(['npm ci', 'npm run test:e2e']);
		const cache = usesAction(e2eJob, 'actions/cache');
		expect(cache?.with).toEqual({
			path: '.cache/n8n',
			key: expect.stringContaining("hashFiles('real-n8n/versions/*/package-lock.json')"),
		});
		const cacheAt = e2eJob.steps.indexOf(cache as Step);
		expect(e2eJob.steps.findIndex((step) => step.run === 'npm run test:e2e')).toBeGreaterThan(
			cacheAt,
		);
	});

	test('may only read the repository', () => {
		expect(ci.permissions).toEqual({ contents: 'read' });
	});
});

describe('publish.yml', () => {
	const [job, ...otherJobs] = Object.values(publish.jobs);
	const commands = runs(job);
	const indexOf = (command: string) => commands.findIndex((run) => run.startsWith(command));

	test('runs on a version tag push and on nothing else', () => {
		expect(publish.on).toEqual({
			push: { tags: ['[0-9]+.[0-9]+.[0-9]+', 'v[0-9]+.[0-9]+.[0-9]+'] },
		});
		expect(otherJobs).toEqual([]);
	});

	test('may read the repository and ask GitHub for an OIDC token, nothing more', () => {
		expect(publish.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
		expect(job.permissions).toBeUndefined();
	});

	test('uses no stored npm token: trusted publishing, on the npm that Node 24 ships', () => {
		const text = readProjectFile('.github/workflows/publish.yml');
		expect(text).not.toMatch(/secrets\.|NODE_AUTH_TOKEN|NPM_TOKEN|_authToken/);
		expect(usesAction(job, 'actions/setup-node')?.with).toEqual({ 'node-version': 24 });
	});

	test('checks the tag against package.json first, then installs, lints and tests, then publishes with provenance', () => {
		expect(commands).toEqual([
			'node scripts/release-check.js "$GITHUB_REF_NAME" "$(npm --version)"',
			'npm ci',
			'npm run lint',
			'npm test',
			'npm publish --provenance --access public',
		]);
		expect(indexOf('npm publish')).toBe(commands.length - 1);
	});
});

describe('the release check', () => {
	const changelog = readProjectFile('CHANGELOG.md');
	const release = { tag: '0.1.0', version: '0.1.0', changelog, npmVersion: '11.6.2' };

	test.each([packageJson.version, `v${packageJson.version}`])(
		"passes this repository's own version, tagged %s",
		(tag) => {
			expect(releaseProblems({ ...release, tag, version: packageJson.version })).toEqual([]);
		},
	);

	test.each([
		['another version', '0.1.1'],
		['another version with a v', 'v0.1.1'],
		['a branch name', 'main'],
	])('refuses a tag with %s', (_case, tag) => {
		expect(releaseProblems({ ...release, tag })).toEqual([
			`The tag "${tag}" is not package.json's version "0.1.0": tag the commit whose package.json has the version to publish, with that version (0.1.0 or v0.1.0)`,
		]);
	});

	test('refuses a version with no dated CHANGELOG entry', () => {
		const undated = changelog.replace(/^## \[0\.1\.0\] - .*$/m, '## [0.1.0]');

		expect(releaseProblems({ ...release, changelog: undated })).toEqual([
			'CHANGELOG.md has no entry "## [0.1.0] - YYYY-MM-DD" for this release',
		]);
	});

	test('refuses an npm too old for trusted publishing', () => {
		expect(releaseProblems({ ...release, npmVersion: '10.9.2' })).toEqual([
			'npm 10.9.2 cannot use trusted publishing; npm 11.5.1 or later can (Node 24 ships it)',
		]);
		expect(releaseProblems({ ...release, npmVersion: '11.5.1' })).toEqual([]);
	});

	test('as a command, exits 1 and says why for a wrong tag, and 0 for the right one', () => {
		const wrong = runProjectScript('scripts/release-check.js', ['v9.9.9', '11.6.2']);
		const right = runProjectScript('scripts/release-check.js', [
			`v${packageJson.version}`,
			'11.6.2',
		]);

		expect(wrong.status).toBe(1);
		expect(wrong.output).toContain('The tag "v9.9.9" is not package.json\'s version');
		expect(right.status).toBe(0);
	});
});

describe(`the release of v${packageJson.version} as a dry run`, () => {
	test('the release check passes the tag, and npm would publish the packed tarball with every file', () => {
		const check = runProjectScript('scripts/release-check.js', [
			`v${packageJson.version}`,
			'11.6.2',
		]);
		const published = publishDryRun();

		expect(check).toEqual({
			status: 0,
			output: `release-check: v${packageJson.version} may be published\n`,
		});
		expect(published.version).toBe(packageJson.version);
		expect(published.files).toEqual(packedFiles());
		expect(published.files).toEqual(
			expect.arrayContaining([
				'dist/nodes/TzsmmPay/TzsmmPay.node.js',
				'dist/nodes/TzsmmPay/TzsmmPayTrigger.node.js',
				'dist/credentials/TzsmmPayApi.credentials.js',
				'README.md',
				'CHANGELOG.md',
			]),
		);
	});
});

describe('CHANGELOG.md', () => {
	const changelog = readProjectFile('CHANGELOG.md');
	const headings = [...changelog.matchAll(/^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$/gm)];

	test('is in the Keep a Changelog form: Unreleased first, then dated versions, newest first', () => {
		expect(changelog.startsWith('# Changelog\n')).toBe(true);
		expect(changelog).toContain('[Keep a Changelog](https://keepachangelog.com/en/1.1.0/)');
		expect(headings[0]?.[1]).toBe('Unreleased');
		const versions = headings.slice(1).map(([, version]) => version);
		expect(versions.at(-1)).toBe('0.1.0');
		expect(headings.slice(1).every(([, , date]) => date !== undefined)).toBe(true);
		const dates = headings.slice(1).map(([, , date]) => date);
		expect([...dates].sort().reverse()).toEqual(dates);
	});

	test('links every heading to its comparison or tag on the repository', () => {
		const repository = packageJson.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
		for (const [, version] of headings) {
			expect(changelog).toMatch(
				new RegExp(`^\\[${version.toLowerCase().replace(/\./g, '\\.')}\\]: ${repository}/`, 'm'),
			);
		}
	});
});

// `npm run lint` runs actionlint over both workflows; this proves, in one run, that it can fail.
describe('the workflow linter (actionlint)', () => {
	const workflows = ['.github/workflows/ci.yml', '.github/workflows/publish.yml'];

	test('fails workflows with a misspelt permission, a matrix value or an action input that does not exist', () => {
		const copy = editedCopy(workflows, [
			{ file: workflows[1], replace: 'id-token: write', with: 'id-tokens: write' },
			{ file: workflows[0], replace: '${{ matrix.node }}', with: '${{ matrix.nodes }}' },
			{ file: workflows[0], replace: 'path: .cache/n8n', with: 'paths: .cache/n8n' },
		]);

		const result = runProjectScript('scripts/lint-workflows.js', [copy]);

		expect(result.status).toBe(1);
		expect(result.output).toContain('unknown permission scope "id-tokens"');
		expect(result.output).toContain('property "nodes" is not defined');
		expect(result.output).toContain('input "paths" is not defined');
	});

	test('fails when a workflow is missing', () => {
		const copy = editedCopy(['.github/workflows/ci.yml']);

		const result = runProjectScript('scripts/lint-workflows.js', [copy]);

		expect(result.status).toBe(1);
		expect(result.output).toContain('missing .github/workflows/publish.yml');
	});
});
