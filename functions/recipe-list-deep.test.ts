// Long lists: counts and deep pages read the recipe blocks (migration 0009),
// which must always agree with the recipes themselves.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { getDb } from '../lib/database/pool.ts';
import { call } from '../lib/testing/api.ts';
import { createAuthenticatedUser, createUser } from '../lib/testing/factories.ts';
import app from './recipe-list.ts';

const url = '/api/recipe/recipes/';

interface Page {
  count: number;
  results: { id: number }[];
}

/** `count` recipes for each user in turn (their ids interleave), in one statement. */
async function insertInterleaved(userIds: readonly number[], count: number): Promise<void> {
  await sql`
    insert into recipes (user_id, title, time_minutes, price)
    select (${userIds}::int8[])[1 + g % ${userIds.length}], 'Recipe ' || g, 10, 1
    from generate_series(0, ${count * userIds.length - 1}) g`.execute(getDb());
}

/** The user's recipe ids, newest first, read plainly. */
async function idsOf(userId: number): Promise<number[]> {
  const rows = await getDb().selectFrom('recipes').select('id').where('user_id', '=', userId).orderBy('id', 'desc').execute();
  return rows.map(({ id }) => id);
}

async function blocksOf(userId: number) {
  return getDb().selectFrom('recipe_blocks').select(['first_id', 'recipe_count']).where('user_id', '=', userId).orderBy('first_id').execute();
}

async function expectPagesAgree(token: string, userId: number, offsets: readonly number[]): Promise<void> {
  const all = await idsOf(userId);
  for (const offset of offsets) {
    const page = (await call(app, 'GET', `${url}?limit=50&offset=${offset}`, { token })).body as Page;
    expect(page.count).toBe(all.length);
    expect(page.results.map(({ id }) => id), `offset ${offset}`).toEqual(all.slice(offset, offset + 50));
  }
}

describe('deep pages and counts of a long list', () => {
  it('agree with the recipes across block boundaries, among interleaved users, after deletes', async () => {
    const { user, token } = await createAuthenticatedUser();
    const other = await createUser();
    await insertInterleaved([user.id, other.id], 2600);
    expect((await blocksOf(user.id)).length).toBeGreaterThanOrEqual(3);
    await expectPagesAgree(token, user.id, [0, 1000, 1023, 1024, 1025, 2047, 2048, 2560, 2590, 2599, 2600, 5000]);
    // Deletes here and there, one block emptied entirely.
    const ids = await idsOf(user.id);
    const doomed = [...ids.filter((_, i) => i % 7 === 0), ...ids.slice(1200, 2300)];
    await getDb().deleteFrom('recipes').where('id', 'in', doomed).execute();
    await expectPagesAgree(token, user.id, [0, 49, 50, 500, 1000, 1100, 1200, 1300, 1400]);
    expect((await blocksOf(other.id)).reduce((sum, block) => sum + block.recipe_count, 0)).toBe(2600);
  });

  it('count one at a time, and recipes moved to another user', async () => {
    const { user, token } = await createAuthenticatedUser();
    const other = await createUser();
    await insertInterleaved([user.id], 1030);
    const [newest] = await idsOf(user.id);
    await getDb().updateTable('recipes').set({ user_id: other.id }).where('id', '=', newest ?? 0).execute();
    await expectPagesAgree(token, user.id, [0, 1000, 1028]);
    expect((await blocksOf(other.id)).reduce((sum, block) => sum + block.recipe_count, 0)).toBe(1);
  });

  it('stay right under concurrent creates of one user', async () => {
    const { user, token } = await createAuthenticatedUser();
    await insertInterleaved([user.id], 1020);
    const body = { title: 'Parallel', time_minutes: 5, price: '1.00' };
    const created = await Promise.all(Array.from({ length: 20 }, () => call(app, 'POST', url, { token, json: body })));
    expect(created.map(({ status }) => status)).toEqual(Array.from({ length: 20 }, () => 201));
    await expectPagesAgree(token, user.id, [0, 20, 1000, 1030, 1039]);
    expect((await blocksOf(user.id)).length).toBe(2);
  });

  it('let a user with recipes be deleted, their blocks with them', async () => {
    const user = await createUser();
    await insertInterleaved([user.id], 1500);
    await getDb().deleteFrom('users').where('id', '=', user.id).execute();
    expect(await blocksOf(user.id)).toEqual([]);
  });

  it("never counts another user's recipes", async () => {
    const { token } = await createAuthenticatedUser();
    const other = await createUser();
    await insertInterleaved([other.id], 30);
    expect((await call(app, 'GET', `${url}?limit=5&offset=3`, { token })).body).toEqual({ count: 0, next: null, previous: `http://localhost${url}?limit=5`, results: [] });
  });
});
