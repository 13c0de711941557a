import { sql } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import { createDb, databaseUrl, destroyDb, type Executor, getDb } from './pool.ts';
import { PreparedStatementError, type Placeholders, preparedQuery } from './prepared-query.ts';
import { createUser } from '../testing/factories.ts';
import { createUser as createUserIn } from '../repositories/users.ts';

const findByEmail = preparedQuery('test_user_by_email', (db, p: Placeholders<{ email: string; active: boolean }>) =>
  db.selectFrom('users').select(['email', 'is_active']).where('email', '=', p.email).where('is_active', '=', p.active),
);

describe('preparedQuery', () => {
  it('runs the query with the values of each call, in their places', async () => {
    await createUser({ email: 'ann@example.com' });
    await createUser({ email: 'bob@example.com' });
    expect(await findByEmail(getDb(), { email: 'ann@example.com', active: true })).toEqual([{ email: 'ann@example.com', is_active: true }]);
    expect(await findByEmail(getDb(), { email: 'bob@example.com', active: true })).toEqual([{ email: 'bob@example.com', is_active: true }]);
    expect(await findByEmail(getDb(), { email: 'bob@example.com', active: false })).toEqual([]);
  });

  it('builds the query once, however often it runs', async () => {
    const build = vi.fn((db: Executor, p: Placeholders<{ n: number }>) => db.selectNoFrom(sql<number>`${p.n}::int + 1`.as('next')));
    const next = preparedQuery('test_next', build);
    expect(await next(getDb(), { n: 1 })).toEqual([{ next: 2 }]);
    expect(await next(getDb(), { n: 41 })).toEqual([{ next: 42 }]);
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('keeps the values written into the query itself', async () => {
    const both = preparedQuery('test_either_email', (db, p: Placeholders<{ email: string }>) =>
      db.selectFrom('users').select('email').where('email', 'in', [p.email, 'fixed@example.com']).orderBy('email'),
    );
    await createUser({ email: 'ann@example.com' });
    await createUser({ email: 'fixed@example.com' });
    expect(await both(getDb(), { email: 'ann@example.com' })).toEqual([{ email: 'ann@example.com' }, { email: 'fixed@example.com' }]);
  });

  it('takes placeholders wherever Kysely takes a value: a sql template, an array parameter, a limit', async () => {
    const firstOf = preparedQuery('test_first_of', (db, p: Placeholders<{ emails: string[]; limit: number }>) =>
      db.selectFrom('users').select('email').where('email', '=', sql<string>`any(${p.emails}::text[])`).orderBy('email').limit(p.limit),
    );
    await createUser({ email: 'ann@example.com' });
    await createUser({ email: 'bob@example.com' });
    await createUser({ email: 'cy@example.com' });
    expect(await firstOf(getDb(), { emails: ['cy@example.com', 'bob@example.com'], limit: 1 })).toEqual([{ email: 'bob@example.com' }]);
  });
});

describe('a placeholder cannot shape the query', () => {
  it('throws when a placeholder decides a branch instead of being sent', async () => {
    const build = vi.fn((db: Executor, p: Placeholders<{ email: string; activeOnly: boolean }>) => {
      let query = db.selectFrom('users').select('email').where('email', '=', p.email);
      // The linter's half of the check: a placeholder is an object, always truthy.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
      if (p.activeOnly) query = query.where('is_active', '=', true);
      return query;
    });
    const find = preparedQuery('test_branch', build);
    await expect(find(getDb(), { email: 'ann@example.com', activeOnly: false })).rejects.toThrow(PreparedStatementError);
    await expect(find(getDb(), { email: 'ann@example.com', activeOnly: false })).rejects.toThrow(/reads p\.activeOnly but does not send it/);
  });

  it('throws when a placeholder is compared or turned into text in JavaScript', async () => {
    const compared = preparedQuery('test_compared', (db, p: Placeholders<{ n: number }>) =>
      // @ts-expect-error a placeholder is not a number
      db.selectNoFrom(sql<number>`${p.n > 0 ? 1 : 2}::int`.as('n')),
    );
    await expect(compared(getDb(), { n: 1 })).rejects.toThrow(/p\.n is used as a JavaScript value/);
    const interpolated = preparedQuery('test_interpolated', (db, p: Placeholders<{ email: string }>) =>
      // The linter's half: a placeholder does not become text.
      // eslint-disable-next-line @typescript-eslint/restrict-template-expressions, @typescript-eslint/no-base-to-string
      db.selectFrom('users').select('email').where('email', '=', `${p.email}@example.com`),
    );
    await expect(interpolated(getDb(), { email: 'ann' })).rejects.toThrow(/p\.email is used as a JavaScript value/);
  });

  it('throws when a placeholder is written into the SQL text with sql.lit', async () => {
    const literal = preparedQuery('test_literal', (db, p: Placeholders<{ n: number }>) => db.selectNoFrom(sql.lit(p.n).as('n')));
    await expect(literal(getDb(), { n: 1 })).rejects.toThrow(PreparedStatementError);
  });

  it('does not type-check a placeholder given where Kysely wants a list or a name, and the database refuses it', async () => {
    const inList = preparedQuery('test_in_list', (db, p: Placeholders<{ ids: number[] }>) =>
      // @ts-expect-error a placeholder stands for one value; `in` wants a list of them
      db.selectFrom('users').select('id').where('id', 'in', p.ids),
    );
    await expect(inList(getDb(), { ids: [1] })).rejects.toThrow(/syntax error/);
    const column = preparedQuery('test_column', (db, p: Placeholders<{ column: string }>) =>
      // @ts-expect-error a column's name is SQL text, never a parameter
      db.selectFrom('users').select('id').where(sql.ref(p.column), '=', 1),
    );
    await expect(column(getDb(), { column: 'id' })).rejects.toThrow(TypeError);
  });

  it('throws when a placeholder is given to order or group by', async () => {
    const ordered = preparedQuery('test_ordered', (db, p: Placeholders<{ column: 'email' | 'name' }>) => db.selectFrom('users').select('email').orderBy(p.column));
    await expect(ordered(getDb(), { column: 'email' })).rejects.toThrow(/orders or groups by a placeholder/);
    const grouped = preparedQuery('test_grouped', (db, p: Placeholders<{ column: 'email' }>) =>
      db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('count')).groupBy(p.column),
    );
    await expect(grouped(getDb(), { column: 'email' })).rejects.toThrow(/orders or groups by a placeholder/);
  });
});

describe('prepared statements', () => {
  it('must name their columns: select * would not survive a migration adding one', async () => {
    const everything = preparedQuery('test_select_all', (db, p: Placeholders<{ id: number }>) => db.selectFrom('users').selectAll().where('id', '=', p.id));
    await expect(everything(getDb(), { id: 1 })).rejects.toThrow(/"test_select_all" selects or returns \*: name its columns/);
    const returned = preparedQuery('test_returning_all', (db, p: Placeholders<{ id: number }>) =>
      db.updateTable('users').set({ name: 'x' }).where('id', '=', p.id).returningAll(),
    );
    await expect(returned(getDb(), { id: 1 })).rejects.toThrow(/selects or returns \*/);
    const ofTable = preparedQuery('test_table_all', (db, p: Placeholders<{ id: number }>) =>
      db.selectFrom('users').innerJoin('tokens', 'tokens.user_id', 'users.id').selectAll('users').where('users.id', '=', p.id),
    );
    await expect(ofTable(getDb(), { id: 1 })).rejects.toThrow(/selects or returns \*/);
    const counted = preparedQuery('test_counted', (db, p: Placeholders<{ active: boolean }>) =>
      db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('count')).where('is_active', '=', p.active),
    );
    expect(await counted(getDb(), { active: true })).toEqual([{ count: 0 }]);
  });

  it('are named as declared, and are the only statements a connection keeps', async () => {
    const db = createDb(databaseUrl(), { max: 1 });
    try {
      await createUser({ email: 'ann@example.com' });
      expect(await findByEmail(db, { email: 'ann@example.com', active: true })).toHaveLength(1);
      // Parameterised, but not prepared on purpose: sent unnamed.
      await db.selectFrom('users').select('id').where('email', '=', 'ann@example.com').execute();
      await db.selectFrom('users').select('name').where('id', '=', 1).execute();
      const { rows } = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(db);
      expect(rows).toEqual([{ name: 'test_user_by_email', statement: expect.stringContaining('from "users"') as string }]);
    } finally {
      await destroyDb(db);
    }
  });

  it('are not prepared at all without preparedStatements (behind a pooler in transaction mode)', async () => {
    const db = createDb(databaseUrl(), { max: 1, preparedStatements: false });
    try {
      await createUser({ email: 'ann@example.com' });
      expect(await findByEmail(db, { email: 'ann@example.com', active: true })).toHaveLength(1);
      const { rows } = await sql<{ name: string }>`select name from pg_prepared_statements`.execute(db);
      expect(rows).toEqual([]);
    } finally {
      await destroyDb(db);
    }
  });

  it('run in a transaction on its connection: they see what it wrote, and it is named there too', async () => {
    const db = createDb(databaseUrl(), { max: 2 });
    try {
      const written = db.transaction().execute(async (trx) => {
        await createUserIn(trx, { email: 'new@example.com', password: null });
        expect(await findByEmail(trx, { email: 'new@example.com', active: true })).toHaveLength(1);
        // The pool's other connection does not see the uncommitted row.
        expect(await findByEmail(db, { email: 'new@example.com', active: true })).toEqual([]);
        const { rows } = await sql<{ name: string }>`select name from pg_prepared_statements`.execute(trx);
        expect(rows).toEqual([{ name: 'test_user_by_email' }]);
        throw new Error('roll back');
      });
      await expect(written).rejects.toThrow('roll back');
      expect(await findByEmail(db, { email: 'new@example.com', active: true })).toEqual([]);
    } finally {
      await destroyDb(db);
    }
  });

  it.each([true, false])('give rows as pg does, the columns described once per connection (preparedStatements: %s)', async (preparedStatements) => {
    const typed = preparedQuery('test_typed', (_db, p: Placeholders<{ n: number }>) => sql<Record<string, unknown>>`
      select ${p.n}::int8 as big, ${p.n}::int as small, '2026-01-02T03:04:05Z'::timestamptz as at, '{"a": [1]}'::jsonb as doc,
        array[${p.n}, 2]::int[] as list, null::text as nothing, ${p.n} > 1 as more, 'x' as "same", 'y' as "same"`);
    const asPgGives = (n: number) =>
      sql<Record<string, unknown>>`
      select ${n}::int8 as big, ${n}::int as small, '2026-01-02T03:04:05Z'::timestamptz as at, '{"a": [1]}'::jsonb as doc,
        array[${n}, 2]::int[] as list, null::text as nothing, ${n} > 1 as more, 'x' as "same", 'y' as "same"`;
    const db = createDb(databaseUrl(), { max: 1, preparedStatements });
    try {
      for (const n of [1, 7]) {
        const [row] = await typed(db, { n });
        expect(row).toEqual((await asPgGives(n).execute(db)).rows[0]);
        expect(row).toEqual({ big: n, small: n, at: new Date('2026-01-02T03:04:05Z'), doc: { a: [1] }, list: [n, 2], nothing: null, more: n > 1, same: 'y' });
      }
    } finally {
      await destroyDb(db);
    }
  });

  it.each([true, false])('fail with the database error, and leave the connection ready for the next (preparedStatements: %s)', async (preparedStatements) => {
    const quotient = preparedQuery('test_quotient', (_db, p: Placeholders<{ n: number }>) => sql<{ q: number }>`select 6 / ${p.n}::int as q`);
    const db = createDb(databaseUrl(), { max: 1, preparedStatements });
    try {
      expect(await quotient(db, { n: 2 })).toEqual([{ q: 3 }]);
      await expect(quotient(db, { n: 0 })).rejects.toMatchObject({ code: '22012', message: 'division by zero' });
      expect(await quotient(db, { n: 3 })).toEqual([{ q: 2 }]);
    } finally {
      await destroyDb(db);
    }
  });

  it('leave their pool to close: one that ran nothing else closes too', async () => {
    const db = createDb(databaseUrl(), { max: 1 });
    expect(await findByEmail(db, { email: 'ann@example.com', active: true })).toEqual([]);
    await destroyDb(db);
    await expect(findByEmail(db, { email: 'ann@example.com', active: true })).rejects.toThrow(/after calling end on the pool/);
  });

  it('have one name each: a second statement of the same name is refused', async () => {
    const other = preparedQuery('test_user_by_email', (db, p: Placeholders<{ email: string }>) => db.selectFrom('users').select('id').where('email', '=', p.email));
    await findByEmail(getDb(), { email: 'ann@example.com', active: true });
    await expect(other(getDb(), { email: 'ann@example.com' })).rejects.toThrow(/"test_user_by_email" is already used for another statement/);
  });

  it('refuse a name PostgreSQL would not keep as written', () => {
    expect(() => preparedQuery('Token User', (db, p: Placeholders<{ id: number }>) => db.selectFrom('users').select('id').where('id', '=', p.id))).toThrow(/lower-case letters/);
  });
});
