// Search reads the recipes' words (migration 0010), which the triggers must
// keep in step with the recipes: what a search finds and counts is what the
// recipes say now, for their owner only, paged or not.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { getDb } from '../lib/database/pool.ts';
import { changeRecipeOwner } from '../lib/repositories/all-recipes.ts';
import { deleteRecipe, updateRecipe } from '../lib/repositories/recipes.ts';
import { renameAttribute } from '../lib/repositories/recipe-attributes.ts';
import { deleteUser } from '../lib/repositories/users.ts';
import { wordsOutOfStep } from '../lib/testing/recipe-words.ts';
import { call } from '../lib/testing/api.ts';
import { createAuthenticatedUser } from '../lib/testing/factories.ts';
import { createIngredient, createRecipe, createTag, linkIngredient, linkTag } from '../lib/testing/recipe-factories.ts';
import app from './recipe-list.ts';

const url = '/api/recipe/recipes/';

interface Item {
  id: number;
  title: string;
}
interface Page {
  count: number;
  results: Item[];
}

const titles = (items: readonly Item[]) => items.map(({ title }) => title);

async function search(token: string, words: string, paging = ''): Promise<unknown> {
  const response = await call(app, 'GET', `${url}?search=${encodeURIComponent(words)}${paging}`, { token });
  expect(response.status).toBe(200);
  return response.body;
}

/** The titles a search finds, checked against its pages (newest and oldest first) and their counts. */
async function found(token: string, words: string): Promise<string[]> {
  const all = titles((await search(token, words)) as Item[]);
  for (const [paging, expected] of [
    ['&limit=2', all.slice(0, 2)],
    ['&limit=2&offset=1', all.slice(1, 3)],
    ['&limit=2&ordering=id', all.toReversed().slice(0, 2)],
    ['&limit=2&ordering=-id&offset=2', all.slice(2, 4)],
  ] as const) {
    const page = (await search(token, words, paging)) as Page;
    expect({ count: page.count, titles: titles(page.results) }, `${words}${paging}`).toEqual({ count: all.length, titles: expected });
  }
  return all;
}

describe('search by the words of the recipes', () => {
  it('finds in a page what the whole list finds, by part of a word, tag or ingredient, and counts it', async () => {
    const { user, token } = await createAuthenticatedUser();
    const curry = await createRecipe(user.id, { title: 'Thai green curry', description: 'Hot, and quick.' });
    await createRecipe(user.id, { title: 'Red curry', description: 'Serves 4' });
    const salad = await createRecipe(user.id, { title: 'Salade niçoise', description: 'Fresh' });
    await createRecipe(user.id, { title: 'Curried eggs', description: '' });
    await linkTag(salad.id, (await createTag(user.id, 'Végan')).id);
    await linkIngredient(curry.id, (await createIngredient(user.id, 'Coconut milk')).id);
    expect(await found(token, 'curr')).toEqual(['Curried eggs', 'Red curry', 'Thai green curry']);
    expect(await found(token, 'CURRY')).toEqual(['Red curry', 'Thai green curry']);
    expect(await found(token, 'nicoise')).toEqual(['Salade niçoise']);
    expect(await found(token, 'vegan')).toEqual(['Salade niçoise']);
    expect(await found(token, 'coco curry')).toEqual(['Thai green curry']);
    expect(await found(token, 'and,')).toEqual(['Thai green curry']);
    expect(await found(token, 'hot curry serves')).toEqual([]);
    expect(await found(token, 'e')).toEqual(['Curried eggs', 'Salade niçoise', 'Red curry', 'Thai green curry']);
  });

  it('finds a recipe by its new words once its title or description changes, never by its old ones', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id, { title: 'Lentil soup', description: 'Smoky' });
    expect(await updateRecipe(getDb(), user.id, recipe.id, { title: 'Bean stew' })).toBe(true);
    expect(await found(token, 'lentil')).toEqual([]);
    expect(await found(token, 'bean smoky')).toEqual(['Bean stew']);
    expect(await updateRecipe(getDb(), user.id, recipe.id, { description: 'Mild' })).toBe(true);
    expect(await found(token, 'smoky')).toEqual([]);
    expect(await found(token, 'mild stew')).toEqual(['Bean stew']);
    // Unchanged words stay.
    expect(await updateRecipe(getDb(), user.id, recipe.id, { time_minutes: 5 })).toBe(true);
    expect(await found(token, 'mild stew')).toEqual(['Bean stew']);
  });

  it('follows a recipe to its new owner, and forgets a deleted one', async () => {
    const first = await createAuthenticatedUser();
    const second = await createAuthenticatedUser();
    const moved = await createRecipe(first.user.id, { title: 'Lentil soup' });
    const deleted = await createRecipe(first.user.id, { title: 'Lentil salad' });
    await changeRecipeOwner(getDb(), moved.id, second.user.id);
    expect(await found(first.token, 'lentil')).toEqual(['Lentil salad']);
    expect(await found(second.token, 'lentil')).toEqual(['Lentil soup']);
    await deleteRecipe(getDb(), first.user.id, deleted.id);
    expect(await found(first.token, 'lentil')).toEqual([]);
  });

  it("counts many recipes written in one statement, each user's own", async () => {
    const first = await createAuthenticatedUser();
    const second = await createAuthenticatedUser();
    const userIds = [first.user.id, second.user.id];
    // 30 recipes each, interleaved: every third is a lentil one.
    await sql`
      insert into recipes (user_id, title, time_minutes, price)
      select (${userIds}::int8[])[1 + g % 2], case when g / 2 % 3 = 0 then 'Lentil ' else 'Bean ' end || g, 10, 1
      from generate_series(0, 59) g`.execute(getDb());
    for (const { token } of [first, second]) {
      expect((await search(token, 'lentil', '&limit=5')) as Page).toMatchObject({ count: 10 });
      expect((await search(token, 'bean', '&limit=5&offset=19')) as Page).toMatchObject({ count: 20, results: [expect.anything()] });
    }
    // One statement changing many recipes, some of them only in price.
    await sql`update recipes set title = replace(title, 'Bean', 'Pea'), price = 2 where user_id = ${first.user.id}`.execute(getDb());
    expect((await search(first.token, 'bean', '&limit=5')) as Page).toMatchObject({ count: 0 });
    expect((await search(first.token, 'pea', '&limit=5')) as Page).toMatchObject({ count: 20 });
    expect((await search(first.token, 'lentil', '&limit=5')) as Page).toMatchObject({ count: 10 });
    expect((await search(second.token, 'bean', '&limit=5')) as Page).toMatchObject({ count: 20 });
  });

  // unaccent writes ¼ as " 1/4": what search_text() makes of the word then
  // spans white space, and is looked for in the text itself.
  it('finds a word that becomes text with white space, as in the recipe', async () => {
    const { user, token } = await createAuthenticatedUser();
    await createRecipe(user.id, { title: 'Pancakes', description: 'Add ¼ cup of milk' });
    await createRecipe(user.id, { title: 'Scones', description: 'Add milk, 1/4 of it' });
    expect(await found(token, '¼')).toEqual(['Scones', 'Pancakes']);
    expect(await found(token, 'add¼')).toEqual([]);
    expect(await found(token, 'cup ¼')).toEqual(['Pancakes']);
  });

  it('keeps exactly each recipe\'s words through creates, one-word edits, unchanged saves, owner changes and deletes', async () => {
    const first = await createAuthenticatedUser();
    const second = await createAuthenticatedUser();
    const soup = await createRecipe(first.user.id, { title: 'Lentil soup', description: 'Smoky and thick, serves four' });
    const stew = await createRecipe(first.user.id, { title: 'Bean stew', description: 'Smoky' });
    expect(await wordsOutOfStep(getDb())).toEqual([]);
    // One word changed: the others stay found.
    expect(await updateRecipe(getDb(), first.user.id, soup.id, { description: 'Smoky and thin, serves four' })).toBe(true);
    expect(await wordsOutOfStep(getDb())).toEqual([]);
    expect(await found(first.token, 'thick')).toEqual([]);
    expect(await found(first.token, 'thin smoky')).toEqual(['Lentil soup']);
    expect(await found(first.token, 'smoky')).toEqual(['Bean stew', 'Lentil soup']);
    // The same words again, a word repeated, a field outside the words.
    expect(await updateRecipe(getDb(), first.user.id, soup.id, { title: 'LENTIL Soup soup', time_minutes: 3 })).toBe(true);
    expect(await wordsOutOfStep(getDb())).toEqual([]);
    expect(await found(first.token, 'lentil soup four')).toEqual(['LENTIL Soup soup']);
    await changeRecipeOwner(getDb(), soup.id, second.user.id);
    expect(await wordsOutOfStep(getDb())).toEqual([]);
    expect(await found(first.token, 'smoky')).toEqual(['Bean stew']);
    expect(await found(second.token, 'smoky thin')).toEqual(['LENTIL Soup soup']);
    // More words than the named statements take.
    expect(await found(second.token, 'lentil soup smoky thin serves')).toEqual(['LENTIL Soup soup']);
    await deleteRecipe(getDb(), first.user.id, stew.id);
    expect(await wordsOutOfStep(getDb())).toEqual([]);
    expect(await found(first.token, 'smoky')).toEqual([]);
    const { rows } = await sql<{ count: number }>`select count(*) as count from recipe_words where recipe_id = ${stew.id}`.execute(getDb());
    expect(rows).toEqual([{ count: 0 }]);
  });

  it("forgets a deleted user's words with their recipes", async () => {
    const gone = await createAuthenticatedUser();
    const kept = await createAuthenticatedUser();
    await createRecipe(gone.user.id, { title: 'Lentil soup' });
    await createRecipe(kept.user.id, { title: 'Lentil salad' });
    expect((await deleteUser(getDb(), gone.user.id)).deleted).toBe(true);
    expect(await wordsOutOfStep(getDb())).toEqual([]);
    const { rows } = await sql<{ count: number }>`
      select (select count(*) from recipe_words where user_id = ${gone.user.id}) + (select count(*) from user_words where user_id = ${gone.user.id}) as count`.execute(getDb());
    expect(rows).toEqual([{ count: 0 }]);
    expect(await found(kept.token, 'lentil')).toEqual(['Lentil salad']);
  });

  it('finds the recipes sharing a tag by its new name once renamed, never by the old one', async () => {
    const { user, token } = await createAuthenticatedUser();
    const tag = await createTag(user.id, 'Weeknight');
    for (const title of ['Lentil soup', 'Bean stew', 'Pea risotto']) await linkTag((await createRecipe(user.id, { title })).id, tag.id);
    await createRecipe(user.id, { title: 'Lentil salad' });
    expect(await found(token, 'weeknight')).toEqual(['Pea risotto', 'Bean stew', 'Lentil soup']);
    expect(await renameAttribute(getDb(), 'tags', user.id, tag.id, 'Végétarien')).toMatchObject({ name: 'Végétarien' });
    expect(await found(token, 'weeknight')).toEqual([]);
    expect(await found(token, 'vegetar')).toEqual(['Pea risotto', 'Bean stew', 'Lentil soup']);
    expect(await found(token, 'lentil vegetarien')).toEqual(['Lentil soup']);
    expect(await wordsOutOfStep(getDb())).toEqual([]);
  });
});
