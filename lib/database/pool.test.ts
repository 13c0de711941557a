// queryRows checks a client out and runs its query in callbacks: whatever
// happens to the query, the client goes back to the pool exactly once (a
// second release would throw in pg-pool, uncaught; none would leave the
// pool's one connection taken, and the next query would time out).
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createDb, databaseUrl, destroyDb, queryRows } from './pool.ts';

describe('queryRows on a pool of one connection', () => {
  it('gives the connection back after a query the database refuses', async () => {
    const db = createDb(databaseUrl(), { max: 1 });
    try {
      await expect(queryRows(db, 'select 1 / $1::int as n', [0])).rejects.toMatchObject({ code: '22012' });
      await expect(queryRows(db, 'select no_such_column', [])).rejects.toMatchObject({ code: '42703' });
      expect(await queryRows(db, 'select $1::int as n', [2])).toEqual([{ n: 2 }]);
    } finally {
      await destroyDb(db);
    }
  });

  it('gives the connection back after a value that cannot be sent, rejecting with its error', async () => {
    const db = createDb(databaseUrl(), { max: 1 });
    try {
      const unsendable = {
        toPostgres() {
          throw new Error('not a value');
        },
      };
      await expect(queryRows(db, 'select $1::text as t', [unsendable])).rejects.toThrow('not a value');
      expect(await queryRows(db, 'select $1::text as t', ['x'])).toEqual([{ t: 'x' }]);
    } finally {
      await destroyDb(db);
    }
  });

  it('runs queries waiting for the one connection in turn, each getting its own rows', async () => {
    const db = createDb(databaseUrl(), { max: 1 });
    try {
      const answers = await Promise.all([1, 2, 3, 4].map((n) => queryRows<{ n: number }>(db, 'select $1::int as n', [n])));
      expect(answers).toEqual([[{ n: 1 }], [{ n: 2 }], [{ n: 3 }], [{ n: 4 }]]);
    } finally {
      await destroyDb(db);
    }
  });
});

describe('destroyDb', () => {
  it('waits for a connection the database ends meanwhile without an unhandled rejection (a stop while the database goes away)', async () => {
    const db = createDb(databaseUrl(), { max: 1 });
    // A connection in use when the pool is destroyed: destroyDb waits for it.
    const destroyed = await db.connection().execute(async (connection) => {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(connection);
      const destroying = destroyDb(db);
      // The database ends it (a restart, a stop): its client emits 'error' before 'end'.
      const admin = new pg.Client({ connectionString: databaseUrl() });
      await admin.connect();
      try {
        await admin.query('select pg_terminate_backend($1)', [rows[0]?.pid]);
      } finally {
        await admin.end();
      }
      return { destroying };
    });
    await expect(destroyed.destroying).resolves.toBeUndefined();
  });
});
