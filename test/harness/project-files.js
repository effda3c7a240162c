// @ts-check
// The project's files as a release sees them: the text of a file, the files under a folder, and
// what `npm pack` would publish. Plain JavaScript because it reads files and runs npm, which n8n's
// lint rules keep out of *.ts.
'use strict';

const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const repoRoot = path.join(__dirname, '..', '..');

/** @param {string} file a path from the repository's root */
function readProjectFile(file) {
	return fs.readFileSync(path.join(repoRoot, file), 'utf8');
}

/**
 * Whether a file or folder exists, by its path from the project's root.
 * @param {string} file
 * @returns {boolean}
 */
function projectFileExists(file) {
	return fs.existsSync(path.join(repoRoot, file));
}

/**
 * Every file in the folder `root`, as sorted paths from it with forward slashes.
 * @param {string} root an absolute path
 * @returns {string[]}
 */
function filesIn(root) {
	return fs
		.readdirSync(root, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
		.map((file) => file.split(path.sep).join('/'))
		.sort();
}

/**
 * Every file under `folder`, as paths from the repository's root.
 * @param {string} folder a path from the repository's root
 * @returns {string[]}
 */
function filesUnder(folder) {
	return filesIn(path.join(repoRoot, folder)).map((file) => `${folder}/${file}`);
}

/**
 * The files `npm pack` would put in the tarball, from the built tree as it is now (`npm pack
 * --dry-run`, scripts off as in .npmrc).
 * @returns {string[]}
 */
function packedFiles() {
	const report = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: repoRoot,
		encoding: 'utf8',
	});
	return /** @type {{ files: { path: string }[] }[]} */ (JSON.parse(report))[0].files
		.map((file) => file.path)
		.sort();
}

/**
 * What a release publishes: the package packed into a temporary folder, then `npm publish
 * --dry-run` of that tarball, as publish.yml publishes it but sent nowhere (the registry is set to a
 * closed port of 127.0.0.1, and a dry run does not ask it). npm's report: the version and the files.
 * @returns {{ version: string; files: string[] }}
 */
function publishDryRun() {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tzsmmpay-publish-'));
	try {
		const npm = (/** @type {string[]} */ args) =>
			execFileSync('npm', args, { cwd: repoRoot, encoding: 'utf8' });
		npm(['pack', '--ignore-scripts', '--silent', '--pack-destination', folder]);
		const [tarball] = fs.readdirSync(folder).filter((file) => file.endsWith('.tgz'));
		const report = JSON.parse(
			npm([
				'publish',
				'--dry-run',
				'--json',
				'--ignore-scripts',
				'--registry=http://127.0.0.1:9',
				path.join(folder, tarball),
			]),
		);
		// npm 11 keys its report by package name; npm 10 printed the entry alone.
		/** @type {{ version: string; files: { path: string }[] }} */
		const published = report.files ? report : Object.values(report)[0];
		return { version: published.version, files: published.files.map((file) => file.path).sort() };
	} finally {
		fs.rmSync(folder, { recursive: true, force: true });
	}
}

/**
 * Runs one of the project's Node scripts from the repository's root.
 * @param {string} script a path from the repository's root
 * @param {string[]} args
 * @returns {{ status: number | null; output: string }} the exit code, and stdout then stderr
 */
function runProjectScript(script, args) {
	const result = spawnSync(process.execPath, [script, ...args], {
		cwd: repoRoot,
		encoding: 'utf8',
	});
	return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/**
 * A copy of some of the project's files in a new temporary folder, with texts replaced in them as
 * `edits` say: a broken variant for a check to catch. Removed when the process ends.
 * @param {string[]} files paths from the repository's root
 * @param {{ file: string; replace: string; with: string } | Array<{ file: string; replace: string; with: string }>} [edits]
 * @returns {string} the copy's root
 */
function editedCopy(files, edits = []) {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tzsmmpay-copy-'));
	process.on('exit', () => fs.rmSync(root, { recursive: true, force: true }));
	for (const file of files) {
		fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
		let text = readProjectFile(file);
		for (const edit of [edits].flat().filter((candidate) => candidate.file === file)) {
			if (!text.includes(edit.replace)) throw new Error(`${file} has no "${edit.replace}"`);
			text = text.replace(edit.replace, edit.with);
		}
		fs.writeFileSync(path.join(root, file), text);
	}
	return root;
}

module.exports = {
	repoRoot,
	readProjectFile,
	projectFileExists,
	filesIn,
	filesUnder,
	packedFiles,
	runProjectScript,
	publishDryRun,
	editedCopy,
};
