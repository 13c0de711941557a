// A user's full groups of 8 blocks of ~1,024 recipes keep their words as
// offset arrays (migration 0013), which a search counts from; the newest
// group stays in the words index alone. What a search finds and counts must not depend on
// which side of that boundary a recipe lies, through creates (one statement
// of many, or one committed late), edits, owner changes and deletes.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { getDb } from '../lib/database/pool.ts';
import { changeRecipeOwner } from '../lib/repositories/all-recipes.ts';
import { deleteRecipe, updateRecipe } from '../lib/repositories/recipes.ts';
import { wordsOutOfStep } from '../lib/testing/recipe-words.ts';
import { call } from '../lib/testing/api.ts';
import { createAuthenticatedUser } from '../lib/testing/factories.ts';
import { createRecipe } from '../lib/testing/recipe-factories.ts';
import app from './recipe-list.ts';

const url = '/api/recipe/recipes/';

interface Page {
  count: number;
  results: { id: number; title: string }[];
}

async function page(token: string, words: string, paging = '&limit=5'): Promise<Page> {
  const response = await call(app, 'GET', `${url}?search=${encodeURIComponent(words)}${paging}`, { token });
  expect(response.status).toBe(200);
  return response.body as Page;
}

// The recipes with every word somewhere in their text (newest first): what a search should find.
async function expected(userId: number, words: readonly string[]): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    select r.id from recipes r
    where r.user_id = ${userId} and (select bool_and(r.search_document like '%' || w || '%') from unnest(${words}::text[]) w)
    order by r.id desc`.execute(getDb());
  return rows.map(({ id }) => id);
}

/** Checks a search's count and its first and last pages (newest first, then oldest first) against `expected`. */
async function expectFound(token: string, userId: number, words: readonly string[]): Promise<void> {
  const ids = await expected(userId, words);
  const search = words.join(' ');
  const ofPage = (found: Page) => ({ count: found.count, ids: found.results.map(({ id }) => id) });
  expect(ofPage(await page(token, search)), search).toEqual({ count: ids.length, ids: ids.slice(0, 5) });
  expect(ofPage(await page(token, search, `&limit=5&offset=${Math.max(ids.length - 3, 0)}`)), search).toEqual({ count: ids.length, ids: ids.slice(-3) });
  expect(ofPage(await page(token, search, '&limit=3&ordering=id')), search).toEqual({ count: ids.length, ids: ids.toReversed().slice(0, 3) });
  // Past the last match: no recipes, and still the count, both ways.
  for (const order of ['', '&ordering=id']) {
    expect(ofPage(await page(token, search, `&limit=5&offset=${ids.length + 2}${order}`)), search).toEqual({ count: ids.length, ids: [] });
  }
  // Pages across the boundary between the open group and the sealed ones, both ways.
  const below = (await sealedBelow(userId)) ?? 0;
  const open = ids.filter((id) => id >= below).length;
  const across = Math.max(open - 2, 0);
  expect(ofPage(await page(token, search, `&limit=5&offset=${across}`)), search).toEqual({ count: ids.length, ids: ids.slice(across, across + 5) });
  const acrossOldestFirst = Math.max(ids.length - open - 2, 0);
  expect(ofPage(await page(token, search, `&limit=5&ordering=id&offset=${acrossOldestFirst}`)), search).toEqual({ count: ids.length, ids: ids.toReversed().slice(acrossOldestFirst, acrossOldestFirst + 5) });
}

async function sealedBelow(userId: number): Promise<number | undefined> {
  const { rows } = await sql<{ below_id: number }>`select below_id from recipe_words_sealed where user_id = ${userId}`.execute(getDb());
  return rows[0]?.below_id;
}

// `count` recipes in one statement: every second smoky, every third lentil, every fifth both in the description.
async function seed(userId: number, count: number, from = 0): Promise<void> {
  await insertRecipes(userId, count, from);
  // As autovacuum soon would: without statistics the planner may join the words' runs in a nested loop.
  await sql`analyze recipes, recipe_words, recipe_word_blocks`.execute(getDb());
}

async function insertRecipes(userId: number, count: number, from: number): Promise<void> {
  await sql`
    insert into recipes (user_id, title, time_minutes, price, description)
    select ${userId}, case when g % 2 = 0 then 'Smoky ' else 'Mild ' end || case when g % 3 = 0 then 'lentil' else 'bean' end || ' curry ' || g,
      10, 1, case when g % 5 = 0 then 'smoky lentil' else 'plain' end
    from generate_series(${from}::int, ${from + count - 1}::int) g`.execute(getDb());
}

// Thousands of recipes per user, and pages checked after each change: more than the default 20 s on a busy machine.
describe('search counts from the sealed groups', { timeout: 60_000 }, () => {
  it('counts alike on both sides of the boundary, each user their own, through edits, moves and deletes', async () => {
    const first = await createAuthenticatedUser();
    const second = await createAuthenticatedUser();
    // Each with a sealed group (8 blocks of 1,024) and an open one.
    await seed(first.user.id, 8400);
    await seed(second.user.id, 8300);
    expect(await sealedBelow(first.user.id)).toBeGreaterThan(0);
    expect(await sealedBelow(second.user.id)).toBeGreaterThan(0);
    expect(await wordsOutOfStep(getDb())).toEqual([]);
    const check = async () => {
      for (const { user, token } of [first, second]) {
        for (const words of [['lentil'], ['smoky', 'lentil'], ['lentil', 'smoky', 'curry']]) await expectFound(token, user.id, words);
      }
      expect(await wordsOutOfStep(getDb())).toEqual([]);
    };
    await check();
    expect(await expected(first.user.id, ['smoky', 'lentil'])).toHaveLength(2800);

    const { rows: old } = await sql<{ id: number }>`select id from recipes where user_id = ${first.user.id} order by id limit 40`.execute(getDb());
    const [a, b, c, d, e] = old.map(({ id }) => id);
    if (a === undefined || b === undefined || c === undefined || d === undefined || e === undefined) throw new Error('no recipes');
    // Edits of sealed recipes: words gone, words come, unchanged ones stay.
    expect(await updateRecipe(getDb(), first.user.id, a, { title: 'Smoky lentil stew', description: 'new words' })).toBe(true);
    expect(await updateRecipe(getDb(), first.user.id, b, { title: 'Plain rice' })).toBe(true);
    expect(await updateRecipe(getDb(), first.user.id, c, { price: '3.00' })).toBe(true);
    expect((await page(first.token, 'stew')).count).toBe(1);
    // Moved to another user and back out of a sealed block; deleted.
    await changeRecipeOwner(getDb(), d, second.user.id);
    expect(await deleteRecipe(getDb(), first.user.id, e)).toEqual({ image: null });
    // Many at once, in sealed blocks.
    await sql`update recipes set description = 'lentil' where user_id = ${first.user.id} and id % 7 = 0`.execute(getDb());
    await sql`delete from recipes where user_id = ${first.user.id} and id % 11 = 0`.execute(getDb());
    await check();
  });

  it('counts a recipe committed below the boundary after its group was sealed, and seals each group as the next one starts', async () => {
    const { user, token } = await createAuthenticatedUser();
    await seed(user.id, 8200);
    const below = await sealedBelow(user.id);
    if (below === undefined) throw new Error('nothing sealed');
    // A recipe whose id lies in a sealed block, as a transaction that took its
    // id early and committed late would write it.
    const { rows: [gap] } = await sql<{ id: number }>`delete from recipes where id = (select min(id) + 10 from recipes where user_id = ${user.id}) returning id`.execute(getDb());
    if (gap === undefined) throw new Error('no recipe');
    await sql`
      insert into recipes (id, user_id, title, time_minutes, price, description)
      overriding system value values (${gap.id}, ${user.id}, 'Smoky lentil latecomer', 10, 1, '')`.execute(getDb());
    expect(await wordsOutOfStep(getDb())).toEqual([]);
    expect((await page(token, 'latecomer')).count).toBe(1);
    await expectFound(token, user.id, ['smoky', 'lentil']);
    // The open group nearly full, then one by one, as the API creates them, until the next group starts.
    await seed(user.id, 8183, 10_000);
    expect(await sealedBelow(user.id)).toBe(below);
    for (let i = 0; i < 1024 && (await sealedBelow(user.id)) === below; i++) await createRecipe(user.id, { title: 'Smoky lentil soup', description: '' });
    expect(await sealedBelow(user.id)).toBeGreaterThan(below);
    expect(await wordsOutOfStep(getDb())).toEqual([]);
    await expectFound(token, user.id, ['smoky', 'lentil']);
  });

  it('answers a bad search with a 400 and changes nothing', async () => {
    const { user, token } = await createAuthenticatedUser();
    await seed(user.id, 1100);
    for (const search of ['smoky\u0000lentil', 'x'.repeat(256)]) {
      const response = await call(app, 'GET', `${url}?search=${encodeURIComponent(search)}&limit=5`, { token });
      expect(response.status).toBe(400);
    }
    expect(await wordsOutOfStep(getDb())).toEqual([]);
  });
});
