// The local emulator: one Node process serving every function (npm start).
// Starts the database (embedded unless DATABASE_URL or DB_HOST is set),
// applies migrations, serves, and on SIGTERM/SIGINT stops gracefully.
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { functions } from '../functions/index.ts';
import { runMain } from './cli/run.ts';
import { loadConfig } from './config.ts';
import { startDatabase } from './database.ts';
import { closeDb, getDb } from './db.ts';
import { createGateway } from './gateway.ts';
import { log, setLogLevel } from './log.ts';
import { createMigrator, migrateToLatest } from './migrate.ts';
import { StartupError } from './startup-error.ts';
import { trackInFlight } from './in-flight.ts';

runMain(async () => {
  const config = loadConfig();
  setLogLevel(config.logLevel);
  const database = await startDatabase(config.database);
  let server: Server | undefined;
  try {
    await migrateToLatest(createMigrator(getDb()));
    server = await listen(createGateway(Object.values(functions)), config.host, config.port);
  } catch (error) {
    await closeDb();
    await database.stop();
    throw error;
  }
  const inFlight = trackInFlight(server);
  log.info('listening', { url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}/`, database: config.database.kind });

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  log.info('shutting down', { signal, grace_ms: config.shutdownGraceMs });
  await inFlight.drain(config.shutdownGraceMs);
  await closeDb();
  await database.stop();
  log.info('stopped');
});

function listen(fetch: ReturnType<typeof createGateway>, hostname: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname, port }) as Server;
    server.once('listening', () => { resolve(server); });
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new StartupError(`port ${port} on ${hostname} is already in use: stop the other server or set PORT`) : error);
    });
  });
}
