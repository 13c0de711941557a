// The build's stand-in database: pg (and so a bundle's pool) connects to it
// with SCRAM and reads its row, typed, as from PostgreSQL.
import pg from 'pg';
import { expect, it } from 'vitest';
import { verifyPassword } from '../auth/passwords.ts';
import { startWarmUpDatabase, warmUpPassword } from './warm-up-database.ts';

it('authenticates pg with SCRAM-SHA-256 and answers each statement with its row and command tag', async () => {
  await using database = await startWarmUpDatabase();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const select = await client.query<{ id: number; is_active: boolean; date_joined: Date; expires: Date | null; password: string }>({ name: 'warm', text: 'select * from users where id = $1', values: [1] });
    expect(select.rows).toHaveLength(1);
    const [row] = select.rows;
    expect(row).toMatchObject({ id: 1, is_active: true, date_joined: new Date('2026-01-01T00:00:00Z'), expires: null });
    expect(await verifyPassword(row?.password ?? null, warmUpPassword)).toBe(true);
    // The same named statement again (bound, not parsed), a CTE's insert, and a simple query.
    expect((await client.query({ name: 'warm', text: 'select * from users where id = $1', values: [2] })).command).toBe('SELECT');
    const insert = await client.query('with gone as (delete from tokens where user_id = $1) insert into tokens (user_id) values ($1) returning id', [1]);
    expect([insert.command, insert.rowCount]).toEqual(['INSERT', 1]);
    expect((await client.query('delete from tokens')).command).toBe('DELETE');
  } finally {
    await client.end();
  }
});

it('signs its side of SCRAM with the password: a client with another one rejects it', async () => {
  await using database = await startWarmUpDatabase();
  const url = new URL(database.url);
  url.password = 'wrong';
  const client = new pg.Client({ connectionString: url.href });
  await expect(client.connect()).rejects.toThrow();
});
