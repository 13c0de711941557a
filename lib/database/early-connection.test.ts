// A deployed function's connection started before the pool exists: the pool
// takes it as its first; a failed one is not the pool's last word.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freePort } from '../testing/test-postgres.ts';
import { adoptingClient, startConnecting } from './early-connection.ts';
import { createDb, destroyDb, getDb } from './pool.ts';

const database = new URL(process.env.DATABASE_URL ?? '');

function urlNamed(applicationName: string, port?: number): string {
  const url = new URL(database.href);
  if (port !== undefined) {
    url.hostname = '127.0.0.1';
    url.port = String(port);
  }
  url.searchParams.set('application_name', applicationName);
  return url.href;
}

const asFunction = (url: string) => ({ AWS_LAMBDA_FUNCTION_NAME: 'early-test', DATABASE_URL: url });

async function backends(applicationName: string): Promise<number[]> {
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where application_name = ${applicationName}`.execute(getDb());
  return rows.map(({ pid }) => pid);
}

describe('a connection started early', () => {
  it('becomes the pool\'s first connection: one backend, used by the first query', async () => {
    const applicationName = `early-${randomUUID()}`;
    const url = urlNamed(applicationName);
    startConnecting(asFunction(url));
    const db = createDb(url, { max: 1 });
    try {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
      expect(await backends(applicationName)).toEqual([rows[0]?.pid]);
    } finally {
      await destroyDb(db);
    }
  });

  it('that failed leaves the pool to connect itself: the first query meets the error, a later one connects', async () => {
    const applicationName = `early-${randomUUID()}`;
    const port = await freePort();
    const url = urlNamed(applicationName, port);
    startConnecting(asFunction(url));
    const db = createDb(url, { max: 1 });
    const proxy = createServer((client) => {
      const server = connect(Number(database.port), database.hostname);
      client.on('error', () => server.destroy());
      server.on('error', () => client.destroy());
      client.pipe(server).pipe(client);
    });
    try {
      await expect(sql`select 1`.execute(db)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      proxy.listen(port, '127.0.0.1');
      await once(proxy, 'listening');
      await sql`select 1`.execute(db);
      expect(await backends(applicationName)).toHaveLength(1);
    } finally {
      await destroyDb(db);
      proxy.close();
    }
  });

  it('is not started outside a deployed function', () => {
    const url = urlNamed(`early-${randomUUID()}`);
    startConnecting({ DATABASE_URL: url });
    expect(adoptingClient(url, pg.Client)).toBe(pg.Client);
  });
});
