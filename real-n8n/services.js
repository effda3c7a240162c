// Debian's PostgreSQL and Redis for n8n's queue mode: each with its own data folder inside the run
// folder, bound to 127.0.0.1, started as processes of the run (so that stopAll() ends them too),
// never through systemd. `.ci/run` installs the Debian packages when they are missing.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { startProcess, runProcess, stopProcessGroup } = require('./processes');
const { freePort } = require('./n8n');
const { readRunState } = require('./run-state');

const POSTGRES_DATABASE = 'n8n';
const POSTGRES_USER = 'postgres';

/** A PostgreSQL program of the newest version Debian installed (/usr/lib/postgresql/<v>/bin). */
function postgresProgram(name) {
	const root = '/usr/lib/postgresql';
	const versions = fs.existsSync(root)
		? fs
				.readdirSync(root)
				.filter((entry) => fs.existsSync(path.join(root, entry, 'bin', name)))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (versions.length === 0) {
		throw new Error(`PostgreSQL's ${name} is missing: apt-get install postgresql`);
	}
	return path.join(root, versions[0], 'bin', name);
}

/**
 * initdb and postgres refuse to run as root: as root, they run as Debian's `postgres` user, which
 * then owns the data folder; as anyone else, as that user.
 */
function asDatabaseUser(program, args) {
	return process.getuid() === 0
		? { command: 'runuser', args: ['-u', 'postgres', '--', program, ...args] }
		: { command: program, args };
}

async function mustRun(name, { command, args }) {
	const { runDir } = readRunState();
	const result = await runProcess(runDir, name, command, args);
	if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.output}`);
	return result.output;
}

async function waitUntil(description, probe, timeoutMs = 60000) {
	const deadline = Date.now() + timeoutMs;
	while (!(await probe())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/**
 * A fresh PostgreSQL cluster in <run>/postgres with an empty database for n8n; trust
 * authentication, which is safe because it listens on 127.0.0.1 and a socket in the run folder
 * only. Returns n8n's DB_* settings and stop().
 */
async function startPostgres() {
	const { runDir } = readRunState();
	const home = path.join(runDir, 'postgres');
	const dataDir = path.join(home, 'data');
	fs.mkdirSync(home, { recursive: true });
	if (process.getuid() === 0) {
		// The run folder, and an e2e lane's run folder around it, are root's (mode 700): the
		// postgres user must be able to pass through them to its own.
		let dir = runDir;
		do {
			fs.chmodSync(dir, fs.statSync(dir).mode | 0o111);
			dir = path.dirname(dir);
		} while (dir.startsWith(os.tmpdir() + path.sep));
		await mustRun('chown-postgres', { command: 'chown', args: ['-R', 'postgres:postgres', home] });
	}
	await mustRun(
		'initdb',
		asDatabaseUser(postgresProgram('initdb'), [
			'-D',
			dataDir,
			'-U',
			POSTGRES_USER,
			'--auth=trust',
			'--encoding=UTF8',
			'--no-sync',
		]),
	);

	const port = await freePort();
	const { command, args } = asDatabaseUser(postgresProgram('postgres'), [
		'-D',
		dataDir,
		'-p',
		String(port),
		'-k',
		home,
		'-c',
		'listen_addresses=127.0.0.1',
		// A test database: durability is not needed, speed is.
		'-c',
		'fsync=off',
	]);
	const server = startProcess(runDir, 'postgres', command, args);
	const psql = (sql, database = 'postgres') =>
		runProcess(runDir, 'psql', 'psql', [
			'-h',
			'127.0.0.1',
			'-p',
			String(port),
			'-U',
			POSTGRES_USER,
			'-d',
			database,
			'-tAc',
			sql,
		]);
	await waitUntil(
		'PostgreSQL to accept connections',
		async () => (await psql('SELECT 1')).code === 0,
	);
	const created = await psql(`CREATE DATABASE ${POSTGRES_DATABASE}`);
	if (created.code !== 0) throw new Error(`CREATE DATABASE failed: ${created.output}`);

	return {
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: POSTGRES_DATABASE,
			DB_POSTGRESDB_USER: POSTGRES_USER,
			DB_POSTGRESDB_PASSWORD: '',
		},
		/** Runs one SQL statement in n8n's database; resolves with its rows as text. */
		query: async (sql) => {
			const result = await psql(sql, POSTGRES_DATABASE);
			if (result.code !== 0) throw new Error(`psql failed: ${result.output}`);
			return result.output.trim();
		},
		stop: () => stopProcessGroup(server.pid),
	};
}

/** A Redis server without persistence on 127.0.0.1; returns n8n's QUEUE_BULL_* settings and stop(). */
async function startRedis() {
	const { runDir } = readRunState();
	const dir = path.join(runDir, 'redis');
	fs.mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const server = startProcess(runDir, 'redis', 'redis-server', [
		'--port',
		String(port),
		'--bind',
		'127.0.0.1',
		'--dir',
		dir,
		'--save',
		'',
		'--appendonly',
		'no',
	]);
	await waitUntil(
		'Redis to answer PING',
		async () =>
			(
				await runProcess(runDir, 'redis-ping', 'redis-cli', ['-p', String(port), 'ping'])
			).output.trim() === 'PONG',
	);
	return {
		env: { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) },
		stop: () => stopProcessGroup(server.pid),
	};
}

module.exports = { startPostgres, startRedis };
