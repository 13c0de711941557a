// The API behind a pooler in transaction mode, as deployed functions reach
// PostgreSQL: a real PgBouncer, prepared statements off, migrations through it.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { inject } from 'vitest';
import { adminQuery, withDatabase } from '../testing/database-url.ts';
import { startPgBouncer, type RunningPgBouncer } from '../testing/pgbouncer.ts';
import { runRepresentativeFlow, sendOverHttp } from '../testing/representative-flow.ts';
import { startServerProcess, type ServerProcess } from '../testing/server-process.ts';

const { adminUrl } = inject('testDatabase');
// An empty database: the emulator migrates it at start, through PgBouncer.
const database = `recipe_pgbouncer_${randomBytes(6).toString('hex')}`;
let pgbouncer: RunningPgBouncer | undefined;
let server: ServerProcess | undefined;

beforeAll(async () => {
  await adminQuery(adminUrl, `create database ${pg.escapeIdentifier(database)}`);
  pgbouncer = await startPgBouncer(adminUrl);
});

afterAll(async () => {
  server?.child.kill('SIGKILL');
  await pgbouncer?.stop();
  await adminQuery(adminUrl, `drop database if exists ${pg.escapeIdentifier(database)} with (force)`);
});

describe('through PgBouncer in transaction mode', () => {
  it('migrates and serves the representative flow with DB_PREPARED_STATEMENTS=false', async () => {
    server = await startServerProcess({
      DATABASE_URL: pgbouncer?.url(withDatabase(adminUrl, database)) ?? '',
      DB_PREPARED_STATEMENTS: 'false',
      DB_POOL_SIZE: '8',
      THROTTLE_LOGIN_ADDRESS: '0',
    });
    await runRepresentativeFlow(sendOverHttp(server.baseUrl));
  });
});
