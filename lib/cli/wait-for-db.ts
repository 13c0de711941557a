// npm run wait-for-db [-- --timeout SECONDS]
// Exits 0 once the configured PostgreSQL answers, 1 if the timeout passes first.
// Without DATABASE_URL it waits for this checkout's embedded cluster, on
// whatever port that runs.
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../config.ts';
import { embeddedDatabase } from '../database/server.ts';
import { explainDatabaseError } from '../database/errors.ts';
import { runningClusterUrl } from '../database/embedded-postgres-files.ts';
import { StartupError } from '../startup-error.ts';
import { waitForDb } from '../database/wait-for-db.ts';
import { runMain } from './run.ts';

runMain(async () => {
  const { values } = parseArgs({ options: { timeout: { type: 'string' } } });
  const timeoutSeconds = values.timeout === undefined ? Number.POSITIVE_INFINITY : Number(values.timeout);
  if (!(timeoutSeconds > 0)) throw new StartupError('--timeout expects a number of seconds greater than 0');
  const { database } = loadConfig();
  const currentUrl = () => (database.kind === 'external' ? database.url : runningClusterUrl(database.dataDir, embeddedDatabase));

  try {
    const available = await waitForDb(
      {
        check: async () => {
          const url = currentUrl();
          if (url === null) throw Object.assign(new Error('the embedded PostgreSQL of this checkout is not running'), { code: 'ECONNREFUSED' });
          const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
          try {
            await client.connect();
            await client.query('select 1');
          } finally {
            await client.end().catch(() => undefined);
          }
        },
        sleep: (ms) => sleep(ms),
        write: (line) => process.stdout.write(`${line}\n`),
        now: () => Date.now(),
      },
      timeoutSeconds * 1000,
    );
    return available ? 0 : 1;
  } catch (error) {
    // What waiting cannot fix (a wrong password, a missing database) is the operator's to fix.
    const url = currentUrl();
    const explained = url === null ? null : explainDatabaseError(error, url);
    throw explained === null ? error : new StartupError(explained);
  }
});
