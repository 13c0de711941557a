// Tags and ingredients share one implementation and one contract, so one
// set of tests runs for each: /api/recipe/tags/ and /api/recipe/ingredients/.
import { describe, expect, it } from 'vitest';
import { getDb } from '../lib/database/pool.ts';
import { call } from '../lib/testing/api.ts';
import { createAuthenticatedUser, createUser } from '../lib/testing/factories.ts';
import {
  countRows,
  createIngredient,
  createRecipe,
  createTag,
  linkIngredient,
  linkTag,
  loadRecipe,
  namesOf,
} from '../lib/testing/recipe-factories.ts';
import ingredientDetail from './ingredient-detail.ts';
import ingredientList from './ingredient-list.ts';
import tagDetail from './tag-detail.ts';
import tagList from './tag-list.ts';

const kinds = [
  { kind: 'tags', listApp: tagList, detailApp: tagDetail, create: createTag, link: linkTag, linkTable: 'recipe_tags' },
  { kind: 'ingredients', listApp: ingredientList, detailApp: ingredientDetail, create: createIngredient, link: linkIngredient, linkTable: 'recipe_ingredients' },
] as const;

describe.each(kinds)('$kind', ({ kind, listApp, detailApp, create, link, linkTable }) => {
  const url = `/api/recipe/${kind}/`;
  const detailUrl = (id: number | string) => `/api/recipe/${kind}/${id}/`;

  async function nameOf(id: number): Promise<string | undefined> {
    return (await getDb().selectFrom(kind).select('name').where('id', '=', id).executeTakeFirst())?.name;
  }

  describe('/api/recipe/{kind}/ without credentials', () => {
    it('refuses to list items', async () => {
      const response = await call(listApp, 'GET', url);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Token');
      expect(response.body).toEqual({ detail: 'Authentication credentials were not provided.' });
    });

    it.each([['PUT'], ['PATCH'], ['DELETE']])('refuses %s on an item and changes nothing', async (method) => {
      const owner = await createUser();
      const tag = await create(owner.id, 'Vegan');
      const response = await call(detailApp, method, detailUrl(tag.id), method === 'DELETE' ? {} : { json: { name: 'Changed' } });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ detail: 'Authentication credentials were not provided.' });
      expect(await nameOf(tag.id)).toBe('Vegan');
    });

    it('authenticates before it refuses a method: GET on an item and POST on the list are 401s', async () => {
      expect((await call(detailApp, 'GET', detailUrl(1))).status).toBe(401);
      expect((await call(listApp, 'POST', url, { json: { name: 'Vegan' } })).status).toBe(401);
    });
  });

  describe('GET /api/recipe/{kind}/', () => {
    it('lists the caller\'s items as {id, name}, by name descending', async () => {
      const { user, token } = await createAuthenticatedUser();
      const dessert = await create(user.id, 'Dessert');
      const vegan = await create(user.id, 'Vegan');
      const breakfast = await create(user.id, 'Breakfast');
      const response = await call(listApp, 'GET', url, { token });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.body).toEqual([
        { id: vegan.id, name: 'Vegan' },
        { id: dessert.id, name: 'Dessert' },
        { id: breakfast.id, name: 'Breakfast' },
      ]);
      expect(Object.keys((response.body as object[])[0] ?? {})).toEqual(['id', 'name']);
    });

    it('orders names with the ICU root collation, not by bytes', async () => {
      const { user, token } = await createAuthenticatedUser();
      for (const name of ['apple', 'Banana', 'cherry', 'éclair', 'zucchini']) await create(user.id, name);
      const response = await call(listApp, 'GET', url, { token });
      // Byte order would give "éclair", "zucchini", "cherry", "apple", "Banana".
      expect((response.body as { name: string }[]).map(({ name }) => name)).toEqual(['zucchini', 'éclair', 'cherry', 'Banana', 'apple']);
    });

    it("leaves out other users' items", async () => {
      const other = await createUser();
      await create(other.id, 'Fruity');
      const { user, token } = await createAuthenticatedUser();
      const tag = await create(user.id, 'Comfort Food');
      const response = await call(listApp, 'GET', url, { token });
      expect(response.status).toBe(200);
      expect(response.body).toEqual([{ id: tag.id, name: 'Comfort Food' }]);
    });

    it('answers [] to a user without items', async () => {
      const other = await createUser();
      await create(other.id, 'Fruity');
      const { token } = await createAuthenticatedUser();
      const response = await call(listApp, 'GET', url, { token });
      expect(response.status).toBe(200);
      expect(response.body).toEqual([]);
    });

    it('keeps only the items used by a recipe with ?assigned_only=1', async () => {
      const { user, token } = await createAuthenticatedUser();
      const breakfast = await create(user.id, 'Breakfast');
      await create(user.id, 'Lunch');
      const recipe = await createRecipe(user.id, { title: 'Green eggs on toast' });
      await link(recipe.id, breakfast.id);
      const response = await call(listApp, 'GET', `${url}?assigned_only=1`, { token });
      expect(response.status).toBe(200);
      expect(response.body).toEqual([{ id: breakfast.id, name: 'Breakfast' }]);
    });

    it('lists an item used by several recipes once with ?assigned_only=1, still by name descending', async () => {
      const { user, token } = await createAuthenticatedUser();
      const breakfast = await create(user.id, 'Breakfast');
      const dinner = await create(user.id, 'Dinner');
      await create(user.id, 'Unused');
      const pancakes = await createRecipe(user.id, { title: 'Pancakes' });
      const porridge = await createRecipe(user.id, { title: 'Porridge' });
      await link(pancakes.id, breakfast.id);
      await link(porridge.id, breakfast.id);
      await link(porridge.id, dinner.id);
      const response = await call(listApp, 'GET', `${url}?assigned_only=1`, { token });
      expect(response.status).toBe(200);
      expect(response.body).toEqual([
        { id: dinner.id, name: 'Dinner' },
        { id: breakfast.id, name: 'Breakfast' },
      ]);
    });

    it('lists every item with ?assigned_only=0', async () => {
      const { user, token } = await createAuthenticatedUser();
      const breakfast = await create(user.id, 'Breakfast');
      const lunch = await create(user.id, 'Lunch');
      const recipe = await createRecipe(user.id);
      await link(recipe.id, breakfast.id);
      const response = await call(listApp, 'GET', `${url}?assigned_only=0`, { token });
      expect(response.status).toBe(200);
      expect(response.body).toEqual([
        { id: lunch.id, name: 'Lunch' },
        { id: breakfast.id, name: 'Breakfast' },
      ]);
    });

    it.each([['2'], ['abc'], ['true'], ['-1']])('refuses ?assigned_only=%s with 400 on that parameter', async (value) => {
      const { user, token } = await createAuthenticatedUser();
      await create(user.id, 'Vegan');
      const response = await call(listApp, 'GET', `${url}?assigned_only=${value}`, { token });
      expect(response.status).toBe(400);
      expect(response.body).toHaveProperty('assigned_only');
    });

    it('refuses POST with 405 and creates nothing: items are made through recipes', async () => {
      const { token } = await createAuthenticatedUser();
      const response = await call(listApp, 'POST', url, { token, json: { name: 'Vegan' } });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
      expect(response.body).toEqual({ detail: 'Method "POST" not allowed.' });
      expect(await countRows()).toMatchObject({ [kind]: 0 });
    });
  });

  describe('/api/recipe/{kind}/{id}/', () => {
    it('has no GET: 405 with DRF\'s Allow', async () => {
      const { user, token } = await createAuthenticatedUser();
      const tag = await create(user.id, 'Vegan');
      const response = await call(detailApp, 'GET', detailUrl(tag.id), { token });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('PUT, PATCH, DELETE, OPTIONS');
      expect(response.body).toEqual({ detail: 'Method "GET" not allowed.' });
    });

    it.each([['PATCH'], ['PUT']])('renames the item with %s and answers {id, name}', async (method) => {
      const { user, token } = await createAuthenticatedUser();
      const tag = await create(user.id, 'After Dinner');
      const response = await call(detailApp, method, detailUrl(tag.id), { token, json: { name: 'Dessert' } });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ id: tag.id, name: 'Dessert' });
      expect(Object.keys(response.body as object)).toEqual(['id', 'name']);
      expect(await nameOf(tag.id)).toBe('Dessert');
    });

    it('shows the new name in the recipes that use the item', async () => {
      const { user, token } = await createAuthenticatedUser();
      const tag = await create(user.id, 'After Dinner');
      const recipe = await createRecipe(user.id);
      await link(recipe.id, tag.id);
      await call(detailApp, 'PATCH', detailUrl(tag.id), { token, json: { name: 'Dessert' } });
      expect((await loadRecipe(recipe.id))?.[kind]).toEqual(['Dessert']);
    });

    it('trims the new name', async () => {
      const { user, token } = await createAuthenticatedUser();
      const tag = await create(user.id, 'After Dinner');
      const response = await call(detailApp, 'PATCH', detailUrl(tag.id), { token, json: { name: '  Dessert ' } });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ id: tag.id, name: 'Dessert' });
    });

    it.each([['Vegan'], [' Vegan ']])('refuses to rename to %j, a name the user already has, and changes nothing', async (name) => {
      const { user, token } = await createAuthenticatedUser();
      await create(user.id, 'Vegan');
      const tag = await create(user.id, 'Dessert');
      for (const method of ['PATCH', 'PUT']) {
        const response = await call(detailApp, method, detailUrl(tag.id), { token, json: { name } });
        expect(response.status, method).toBe(400);
        expect(response.body, method).toEqual({ name: ['You already have one with this name.'] });
      }
      expect(await namesOf(kind, user.id)).toEqual(['Dessert', 'Vegan']);
    });

    it('lets an item keep its own name', async () => {
      const { user, token } = await createAuthenticatedUser();
      const tag = await create(user.id, 'Vegan');
      const response = await call(detailApp, 'PUT', detailUrl(tag.id), { token, json: { name: 'Vegan' } });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ id: tag.id, name: 'Vegan' });
    });

    it("allows a name that only another user has", async () => {
      const other = await createUser();
      await create(other.id, 'Vegan');
      const { user, token } = await createAuthenticatedUser();
      const tag = await create(user.id, 'Dessert');
      const response = await call(detailApp, 'PATCH', detailUrl(tag.id), { token, json: { name: 'Vegan' } });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ id: tag.id, name: 'Vegan' });
    });

    it.each([
      ['PATCH', { name: '' }, { name: ['This field may not be blank.'] }],
      ['PATCH', { name: '   ' }, { name: ['This field may not be blank.'] }],
      ['PATCH', { name: null }, { name: ['This field may not be null.'] }],
      ['PATCH', { name: 'x'.repeat(256) }, { name: ['Ensure this field has no more than 255 characters.'] }],
      ['PUT', {}, { name: ['This field is required.'] }],
    ])('refuses %s %j with DRF\'s words and keeps the name', async (method, json, errors) => {
      const { user, token } = await createAuthenticatedUser();
      const tag = await create(user.id, 'Vegan');
      const response = await call(detailApp, method, detailUrl(tag.id), { token, json });
      expect(response.status).toBe(400);
      expect(response.body).toEqual(errors);
      expect(await nameOf(tag.id)).toBe('Vegan');
    });

    it('keeps the name on an empty PATCH', async () => {
      const { user, token } = await createAuthenticatedUser();
      const tag = await create(user.id, 'Vegan');
      const response = await call(detailApp, 'PATCH', detailUrl(tag.id), { token, json: {} });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ id: tag.id, name: 'Vegan' });
    });

    it('deletes the item with 204 and takes it off every recipe, which stay', async () => {
      const { user, token } = await createAuthenticatedUser();
      const tag = await create(user.id, 'Breakfast');
      const kept = await create(user.id, 'Quick');
      const pancakes = await createRecipe(user.id, { title: 'Pancakes' });
      const porridge = await createRecipe(user.id, { title: 'Porridge' });
      await link(pancakes.id, tag.id);
      await link(pancakes.id, kept.id);
      await link(porridge.id, tag.id);
      const response = await call(detailApp, 'DELETE', detailUrl(tag.id), { token });
      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      expect(await namesOf(kind, user.id)).toEqual(['Quick']);
      expect((await loadRecipe(pancakes.id))?.[kind]).toEqual(['Quick']);
      expect((await loadRecipe(porridge.id))?.[kind]).toEqual([]);
      expect(await countRows()).toMatchObject({ recipes: 2, [linkTable]: 1 });
    });

    it('answers 404 to a second delete', async () => {
      const { user, token } = await createAuthenticatedUser();
      const tag = await create(user.id, 'Vegan');
      expect((await call(detailApp, 'DELETE', detailUrl(tag.id), { token })).status).toBe(204);
      const again = await call(detailApp, 'DELETE', detailUrl(tag.id), { token });
      expect(again.status).toBe(404);
      expect(again.body).toEqual({ detail: 'Not found.' });
    });

    it.each([
      ['PATCH', { name: 'Mine now' }],
      ['PUT', { name: 'Mine now' }],
      ['PATCH', { name: '' }],
      ['DELETE', undefined],
    ])("answers 404 to %s %j on another user's item, before checking the body, and changes nothing", async (method, json) => {
      const other = await createUser();
      const theirs = await create(other.id, 'Secret');
      const recipe = await createRecipe(other.id);
      await link(recipe.id, theirs.id);
      const { token } = await createAuthenticatedUser();
      const response = await call(detailApp, method, detailUrl(theirs.id), { token, json });
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ detail: 'Not found.' });
      expect(await nameOf(theirs.id)).toBe('Secret');
      expect((await loadRecipe(recipe.id))?.[kind]).toEqual(['Secret']);
    });

    // Tags 1…10 exist and are the caller's, so a lenient parse ("+5" → 5, "1_0" → 10) would find one.
    it.each([['abc'], ['0'], ['-1'], ['%2B5'], ['%205'], ['1_0'], ['%EF%BC%95'], ['99999999999999999999'], ['9223372036854775808']])(
      'answers 404 to the id %s, which is not a plain positive ASCII integer',
      async (id) => {
        const { user, token } = await createAuthenticatedUser();
        for (let i = 1; i <= 10; i += 1) await create(user.id, `Tag ${i}`);
        for (const method of ['PATCH', 'DELETE']) {
          const response = await call(detailApp, method, detailUrl(id), method === 'PATCH' ? { token, json: { name: 'Changed' } } : { token });
          expect(response.status, method).toBe(404);
          expect(response.body, method).toEqual({ detail: 'Not found.' });
        }
        expect(await countRows()).toMatchObject({ [kind]: 10 });
        expect(await namesOf(kind, user.id)).not.toContain('Changed');
      },
    );
  });
});
