// The unpaged list is read and written a batch at a time (listBatchSize
// recipes per statement): across batches it is byte for byte the list built
// whole (the filtered lists' buffered path), each recipe once, in order.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { getDb } from '../lib/database/pool.ts';
import { queryRecipes, type RecipeQuery } from '../lib/repositories/recipe-search.ts';
import { toRecipeListJson } from '../lib/repositories/recipe-model.ts';
import { listBatchSize } from '../lib/repositories/recipes.ts';
import { call } from '../lib/testing/api.ts';
import { createAuthenticatedUser, createUser } from '../lib/testing/factories.ts';
import app from './recipe-list.ts';

const url = '/api/recipe/recipes/';

/** `count` recipes for each user in turn (their ids interleave), every third with the user's first tag and every fifth with their first ingredient. */
async function seed(userIds: readonly number[], count: number): Promise<void> {
  const db = getDb();
  await sql`insert into tags (user_id, name) select u, 'Tag ' || t from unnest(${userIds}::int8[]) u, generate_series(1, 3) t`.execute(db);
  await sql`insert into ingredients (user_id, name) select u, 'Ingredient ' || i from unnest(${userIds}::int8[]) u, generate_series(1, 2) i`.execute(db);
  await sql`
    insert into recipes (user_id, title, time_minutes, price, link)
    select (${userIds}::int8[])[1 + g % ${userIds.length}], 'Recipe "' || g || '" ü', g % 90, (g % 500) / 10.0, 'https://example.com/' || g
    from generate_series(0, ${count * userIds.length - 1}) g`.execute(db);
  await sql`insert into recipe_tags (recipe_id, tag_id) select r.id, t.id from recipes r join tags t on t.user_id = r.user_id where r.id % 3 = 0 or t.name = 'Tag 2'`.execute(db);
  await sql`insert into recipe_ingredients (recipe_id, ingredient_id) select r.id, i.id from recipes r join ingredients i on i.user_id = r.user_id and i.name = 'Ingredient 1' where r.id % 5 = 0`.execute(db);
}

async function idOf(userId: number, table: 'tags' | 'ingredients', name: string): Promise<string> {
  const row = await getDb().selectFrom(table).select('id').where('user_id', '=', userId).where('name', '=', name).executeTakeFirstOrThrow();
  return String(row.id);
}

async function expectWhole(token: string, userId: number, query: string, q: RecipeQuery, length: number): Promise<void> {
  const response = await call(app, 'GET', `${url}${query}`, { token });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/json');
  const whole = JSON.stringify((await queryRecipes(getDb(), userId, q)).map(toRecipeListJson));
  expect(response.text).toBe(whole);
  expect((response.body as unknown[]).length).toBe(length);
}

describe('GET /api/recipe/recipes/ unpaged, longer than a batch', () => {
  it('is the list built whole, unfiltered and filtered, with batches ending on the last recipe or not', async () => {
    const { user, token } = await createAuthenticatedUser();
    const other = await createUser();
    // Two full batches and part of a third.
    const count = 2 * listBatchSize + 321;
    await seed([user.id, other.id], count);
    await expectWhole(token, user.id, '', {}, count);
    // Every recipe has Tag 2: a filtered list that spans batches too.
    const tag = await idOf(user.id, 'tags', 'Tag 2');
    const ingredient = await idOf(user.id, 'ingredients', 'Ingredient 1');
    await expectWhole(token, user.id, `?tags=${tag}`, { tagIds: [tag] }, (await queryRecipes(getDb(), user.id, { tagIds: [tag] })).length);
    await expectWhole(token, user.id, `?ingredients=${ingredient}`, { ingredientIds: [ingredient] }, (await queryRecipes(getDb(), user.id, { ingredientIds: [ingredient] })).length);
    await expectWhole(token, user.id, `?tags=${tag}&ingredients=${ingredient}`, { tagIds: [tag], ingredientIds: [ingredient] }, (await queryRecipes(getDb(), user.id, { tagIds: [tag], ingredientIds: [ingredient] })).length);
    // Exactly two batches: the last one full, then an empty read.
    await getDb().deleteFrom('recipes').where('user_id', '=', user.id).where('id', 'in', sql<number>`(select id from recipes where user_id = ${user.id} order by id limit 321)`).execute();
    await expectWhole(token, user.id, '', {}, 2 * listBatchSize);
  });

  it('is [] for a user without recipes', async () => {
    const { token } = await createAuthenticatedUser();
    const response = await call(app, 'GET', url, { token });
    expect(response.status).toBe(200);
    expect(response.text).toBe('[]');
  });
});
