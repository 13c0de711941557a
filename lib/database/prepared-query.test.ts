import { sql } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import { type Executor, getDb } from './pool.ts';
import { preparedQuery } from './prepared-query.ts';
import { createUser } from '../testing/factories.ts';

describe('preparedQuery', () => {
  const findByEmail = preparedQuery((db, p: { email: string; active: boolean }) =>
    db.selectFrom('users').select(['email', 'is_active']).where('email', '=', p.email).where('is_active', '=', p.active),
  );

  it('runs the query with the values of each call, in their places', async () => {
    await createUser({ email: 'ann@example.com' });
    await createUser({ email: 'bob@example.com' });
    expect(await findByEmail(getDb(), { email: 'ann@example.com', active: true })).toEqual([{ email: 'ann@example.com', is_active: true }]);
    expect(await findByEmail(getDb(), { email: 'bob@example.com', active: true })).toEqual([{ email: 'bob@example.com', is_active: true }]);
    expect(await findByEmail(getDb(), { email: 'bob@example.com', active: false })).toEqual([]);
  });

  it('builds the query once, however often it runs', async () => {
    const build = vi.fn((db: Executor, p: { n: number }) => db.selectNoFrom(sql<number>`${p.n}::int + 1`.as('next')));
    const next = preparedQuery(build);
    expect(await next(getDb(), { n: 1 })).toEqual([{ next: 2 }]);
    expect(await next(getDb(), { n: 41 })).toEqual([{ next: 42 }]);
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('keeps the values written into the query itself', async () => {
    const both = preparedQuery((db, p: { email: string }) =>
      db.selectFrom('users').select('email').where('email', 'in', [p.email, 'fixed@example.com']).orderBy('email'),
    );
    await createUser({ email: 'ann@example.com' });
    await createUser({ email: 'fixed@example.com' });
    expect(await both(getDb(), { email: 'ann@example.com' })).toEqual([{ email: 'ann@example.com' }, { email: 'fixed@example.com' }]);
  });
});
