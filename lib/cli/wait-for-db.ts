// npm run wait-for-db [-- --timeout SECONDS]
// Exits 0 once the configured PostgreSQL answers, 1 if the timeout passes first.
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../config.ts';
import { StartupError } from '../startup-error.ts';
import { waitForDb } from '../wait-for-db.ts';
import { runMain } from './run.ts';

runMain(async () => {
  const { values } = parseArgs({ options: { timeout: { type: 'string' } } });
  const timeoutSeconds = values.timeout === undefined ? Number.POSITIVE_INFINITY : Number(values.timeout);
  if (!(timeoutSeconds > 0)) throw new StartupError('--timeout expects a number of seconds greater than 0');
  const { url } = loadConfig().database;

  const available = await waitForDb(
    {
      check: async () => {
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
});
