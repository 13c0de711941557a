// A new connection's deadline counts the time this process could have read
// the database's answer, not the time it spent blocked by other work.
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../testing/test-postgres.ts';
import { withCheckoutDeadline, withConnectDeadline } from './connect-deadline.ts';
import { createDb, databaseUrl, destroyDb, queryRows } from './pool.ts';
import { isDatabaseUnavailable } from './unavailable.ts';

/** Keeps the event loop busy for `ms`, as a request building a huge answer does: nothing else runs meanwhile. */
function blockEventLoop(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // busy, on purpose
  }
}

describe("a new connection's deadline", () => {
  it('is not spent while the process is blocked: the database answered, so the query runs', { timeout: 30_000 }, async () => {
    const db = createDb(databaseUrl(), { max: 1 });
    try {
      // The pool starts connecting; the answer then waits in the socket while
      // the loop is blocked for longer than the pool's 3 s deadline.
      const query = queryRows(db, 'select 1 as one', []);
      blockEventLoop(3500);
      expect(await query).toEqual([{ one: 1 }]);
    } finally {
      await destroyDb(db);
    }
  });

  it('counts a wait for a free connection in responsive time too: it ends when the connection is released', { timeout: 30_000 }, async () => {
    const db = createDb(databaseUrl(), { max: 1 });
    try {
      const waiting = await db.connection().execute(async (connection) => {
        await sql`select 1`.execute(connection);
        // The pool's one connection is in use: this query waits for it,
        // longer than the 3 s a new connection is given.
        const query = queryRows(db, 'select 2 as two', []);
        blockEventLoop(3500);
        // The timers that are due run (pg's own timeout among them, before the fix) before the connection is released.
        await new Promise((resolve) => setTimeout(resolve, 0));
        return { query };
      });
      expect(await waiting.query).toEqual([{ two: 2 }]);
    } finally {
      await destroyDb(db);
    }
  });

  it('bounds a wait for a connection that stays busy (a 503), and the client handed over later goes back to the pool', async () => {
    const pool = new pg.Pool({ connectionString: databaseUrl(), max: 1 });
    withCheckoutDeadline(pool, 300);
    try {
      const held = await pool.connect();
      const error: unknown = await pool.connect().then(() => 'checked out', (reason: unknown) => reason);
      expect(error).toMatchObject({ code: 'ETIMEDOUT' });
      expect(isDatabaseUnavailable(error)).toBe(true);
      // The pool hands its one client to the wait that gave up: it must come back.
      held.release();
      const { rows } = await pool.query<{ three: number }>('select 3 as three');
      expect(rows).toEqual([{ three: 3 }]);
      expect(pool.idleCount + pool.waitingCount).toBe(1);
    } finally {
      await pool.end();
    }
  });

  it('bounds a wait in the callback form too (queryRows\'s), calling back once, and the client handed over later goes back', async () => {
    const pool = new pg.Pool({ connectionString: databaseUrl(), max: 1 });
    withCheckoutDeadline(pool, 300);
    try {
      const held = await pool.connect();
      const calls: unknown[] = [];
      const error = await new Promise((resolve) => {
        pool.connect((reason: Error | undefined, client?: pg.PoolClient) => {
          calls.push(reason ?? client);
          resolve(reason);
        });
      });
      expect(error).toMatchObject({ code: 'ETIMEDOUT' });
      held.release();
      const { rows } = await pool.query<{ four: number }>('select 4 as four');
      expect(rows).toEqual([{ four: 4 }]);
      expect(pool.idleCount + pool.waitingCount).toBe(1);
      expect(calls).toHaveLength(1);
    } finally {
      await pool.end();
    }
  });

  describe('against a server that accepts connections and never answers', () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
      // Read (and ignore) what the client sends, so that its end is seen.
      socket.resume();
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });

    it('fails connect() as the database being away (a 503), and closes the socket', async () => {
      const port = await freePort();
      await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
      const Client = withConnectDeadline(pg.Client, 300);
      const client = new Client({ connectionString: `postgres://nobody:secret@127.0.0.1:${port}/none` });
      const error: unknown = await client.connect().then(() => 'connected', (reason: unknown) => reason);
      expect(error).toMatchObject({ code: 'ETIMEDOUT' });
      expect(isDatabaseUnavailable(error)).toBe(true);
      // The server sees the connection end (else this test times out).
      for (const socket of sockets) if (!socket.closed) await once(socket, 'close');
      expect(sockets.size).toBe(1);
    });
  });
});
