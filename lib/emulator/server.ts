// The local emulator: Node serving every function (npm start; FUNCTIONS=a,b only those). Starts the
// database (embedded unless DATABASE_URL or DB_HOST is set), applies
// migrations, serves, and on SIGTERM/SIGINT stops gracefully. With
// WEB_CONCURRENCY=N it forks N worker processes that share the port.
import cluster from 'node:cluster';
import { functions } from '../../functions/index.ts';
import { runMain } from '../cli/run.ts';
import { type Config, loadConfig } from '../config.ts';
import { startDatabase } from '../database/server.ts';
import { closeDb, getDb, useDatabaseUrl } from '../database/pool.ts';
import { createGateway } from './gateway.ts';
import type { FunctionApp } from '../http/app.ts';
import { trackInFlight } from './in-flight.ts';
import { listen } from './listen.ts';
import { log, setLogLevel } from '../log.ts';
import { createMigrator, migrateToLatest } from '../database/migrator.ts';
import { selectFunctions } from './select-functions.ts';

runMain(async () => {
  const config = loadConfig();
  setLogLevel(config.logLevel);
  // A wrong name in FUNCTIONS stops the start here, before the database and any worker.
  const apps = selectFunctions(functions, config.functionNames);
  // Listen for the stop signal before anything starts: Ctrl+C while the
  // database starts or migrates would otherwise kill this process and leave
  // the cluster it started (detached, in its own process group) running.
  const stop = stopSignal();
  // A worker only serves: the primary has started the database and migrated.
  if (cluster.isWorker) {
    await serveUntilSignal(config, apps, stop);
    cluster.worker?.disconnect(); // the channel to the primary would keep the process alive
    return;
  }

  const database = await startDatabase(config.database);
  useDatabaseUrl(database.url);
  try {
    await migrateToLatest(createMigrator(getDb()));
    if (stop.arrived !== undefined) {
      log.info('stopped while starting', { signal: stop.arrived });
    } else if (config.webConcurrency === 1) {
      await serveUntilSignal(config, apps, stop);
    } else {
      await closeDb(); // the primary serves nothing
      await runWorkers(config, database.url, stop);
    }
  } finally {
    await closeDb();
    await database.stop();
  }
  log.info('stopped');
});

async function serveUntilSignal(config: Config, apps: readonly FunctionApp[], stop: StopSignal): Promise<void> {
  const server = await listen(createGateway(apps), config);
  const inFlight = trackInFlight(server);
  log.info('listening', {
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}/`,
    database: config.database.kind,
    ...(cluster.isWorker ? { worker: cluster.worker?.id } : {}),
  });
  const signal = await stop.received;
  log.info('shutting down', { signal, grace_ms: config.shutdownGraceMs });
  await inFlight.drain(config.shutdownGraceMs);
  await closeDb();
}

interface StopSignal {
  /** Resolves with the first SIGINT or SIGTERM. */
  readonly received: Promise<NodeJS.Signals>;
  /** That signal, once it has arrived. */
  readonly arrived: NodeJS.Signals | undefined;
}

// The listeners stay: a second signal (Ctrl+C reaches workers and primary
// alike) must not kill a process that is already draining; the grace period
// bounds the stop.
function stopSignal(): StopSignal {
  let arrived: NodeJS.Signals | undefined;
  const received = new Promise<NodeJS.Signals>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      arrived ??= signal;
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  return { received, get arrived() { return arrived; } };
}

// The primary forks the workers, passes a stop signal on to them, and
// returns once all have exited. A worker that dies unasked is replaced.
async function runWorkers(config: Config, databaseUrl: string, stop: StopSignal): Promise<void> {
  // Workers reach the database the primary started through its URL.
  const env = { DATABASE_URL: databaseUrl, WEB_CONCURRENCY: '1' };
  let stopping = false;
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    log.error('worker died; starting another', { worker: worker.id, code, signal });
    cluster.fork(env);
  });
  for (let i = 0; i < config.webConcurrency; i += 1) cluster.fork(env);
  log.info('primary started workers', { workers: config.webConcurrency });

  const signal = await stop.received;
  stopping = true;
  log.info('stopping workers', { signal });
  const workers = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) {
            resolve();
            return;
          }
          worker.once('exit', () => { resolve(); });
          worker.process.kill('SIGTERM');
        }),
    ),
  );
}
