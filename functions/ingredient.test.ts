import { describe, expect, it } from 'vitest';
import { getDb } from '../lib/db.ts';
import { call } from '../lib/testing/api.ts';
import { createAuthenticatedUser, createUser } from '../lib/testing/factories.ts';
import { countRows, createRecipe, createIngredient, linkIngredient, loadRecipe, namesOf } from '../lib/testing/recipe-factories.ts';
import detailApp from './ingredient-detail.ts';
import listApp from './ingredient-list.ts';

const url = '/api/recipe/ingredients/';
const detailUrl = (id: number | string) => `/api/recipe/ingredients/${id}/`;

async function nameOf(id: number): Promise<string | undefined> {
  return (await getDb().selectFrom('ingredients').select('name').where('id', '=', id).executeTakeFirst())?.name;
}

describe('/api/recipe/ingredients/ without credentials', () => {
  it('refuses to list ingredients', async () => {
    const response = await call(listApp, 'GET', url);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Token');
    expect(response.body).toEqual({ detail: 'Authentication credentials were not provided.' });
  });

  it.each([['PUT'], ['PATCH'], ['DELETE']])('refuses %s on an ingredient and changes nothing', async (method) => {
    const owner = await createUser();
    const ingredient = await createIngredient(owner.id, 'Kale');
    const response = await call(detailApp, method, detailUrl(ingredient.id), method === 'DELETE' ? {} : { json: { name: 'Changed' } });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ detail: 'Authentication credentials were not provided.' });
    expect(await nameOf(ingredient.id)).toBe('Kale');
  });

  it('authenticates before it refuses a method: GET on an ingredient and POST on the list are 401s', async () => {
    expect((await call(detailApp, 'GET', detailUrl(1))).status).toBe(401);
    expect((await call(listApp, 'POST', url, { json: { name: 'Kale' } })).status).toBe(401);
  });
});

describe('GET /api/recipe/ingredients/', () => {
  it('lists the caller\'s ingredients as {id, name}, by name descending', async () => {
    const { user, token } = await createAuthenticatedUser();
    const kale = await createIngredient(user.id, 'Kale');
    const vanilla = await createIngredient(user.id, 'Vanilla');
    const apples = await createIngredient(user.id, 'Apples');
    const response = await call(listApp, 'GET', url, { token });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.body).toEqual([
      { id: vanilla.id, name: 'Vanilla' },
      { id: kale.id, name: 'Kale' },
      { id: apples.id, name: 'Apples' },
    ]);
    expect(Object.keys((response.body as object[])[0] ?? {})).toEqual(['id', 'name']);
  });

  it('orders names with the ICU root collation, not by bytes', async () => {
    const { user, token } = await createAuthenticatedUser();
    for (const name of ['apple', 'Banana', 'cherry', 'éclair', 'zucchini']) await createIngredient(user.id, name);
    const response = await call(listApp, 'GET', url, { token });
    // Byte order would give "éclair", "zucchini", "cherry", "apple", "Banana".
    expect((response.body as { name: string }[]).map(({ name }) => name)).toEqual(['zucchini', 'éclair', 'cherry', 'Banana', 'apple']);
  });

  it("leaves out other users' ingredients", async () => {
    const other = await createUser();
    await createIngredient(other.id, 'Truffle oil');
    const { user, token } = await createAuthenticatedUser();
    const ingredient = await createIngredient(user.id, 'Cabbage');
    const response = await call(listApp, 'GET', url, { token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual([{ id: ingredient.id, name: 'Cabbage' }]);
  });

  it('answers [] to a user without ingredients', async () => {
    const other = await createUser();
    await createIngredient(other.id, 'Truffle oil');
    const { token } = await createAuthenticatedUser();
    const response = await call(listApp, 'GET', url, { token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual([]);
  });

  it('keeps only the ingredients used by a recipe with ?assigned_only=1', async () => {
    const { user, token } = await createAuthenticatedUser();
    const apples = await createIngredient(user.id, 'Apples');
    await createIngredient(user.id, 'Turkey');
    const recipe = await createRecipe(user.id, { title: 'Apple crumble' });
    await linkIngredient(recipe.id, apples.id);
    const response = await call(listApp, 'GET', `${url}?assigned_only=1`, { token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual([{ id: apples.id, name: 'Apples' }]);
  });

  it('lists an ingredient used by several recipes once with ?assigned_only=1, still by name descending', async () => {
    const { user, token } = await createAuthenticatedUser();
    const apples = await createIngredient(user.id, 'Apples');
    const honey = await createIngredient(user.id, 'Honey');
    await createIngredient(user.id, 'Unused');
    const pancakes = await createRecipe(user.id, { title: 'Pancakes' });
    const porridge = await createRecipe(user.id, { title: 'Porridge' });
    await linkIngredient(pancakes.id, apples.id);
    await linkIngredient(porridge.id, apples.id);
    await linkIngredient(porridge.id, honey.id);
    const response = await call(listApp, 'GET', `${url}?assigned_only=1`, { token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual([
      { id: honey.id, name: 'Honey' },
      { id: apples.id, name: 'Apples' },
    ]);
  });

  it('lists every ingredient with ?assigned_only=0', async () => {
    const { user, token } = await createAuthenticatedUser();
    const apples = await createIngredient(user.id, 'Apples');
    const turkey = await createIngredient(user.id, 'Turkey');
    const recipe = await createRecipe(user.id);
    await linkIngredient(recipe.id, apples.id);
    const response = await call(listApp, 'GET', `${url}?assigned_only=0`, { token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual([
      { id: turkey.id, name: 'Turkey' },
      { id: apples.id, name: 'Apples' },
    ]);
  });

  it.each([['2'], ['abc'], ['true'], ['-1']])('refuses ?assigned_only=%s with 400 on that parameter', async (value) => {
    const { user, token } = await createAuthenticatedUser();
    await createIngredient(user.id, 'Kale');
    const response = await call(listApp, 'GET', `${url}?assigned_only=${value}`, { token });
    expect(response.status).toBe(400);
    expect(response.body).toHaveProperty('assigned_only');
  });

  it('refuses POST with 405 and creates nothing: ingredients are made through recipes', async () => {
    const { token } = await createAuthenticatedUser();
    const response = await call(listApp, 'POST', url, { token, json: { name: 'Kale' } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(response.body).toEqual({ detail: 'Method "POST" not allowed.' });
    expect(await countRows()).toMatchObject({ ingredients: 0 });
  });
});

describe('/api/recipe/ingredients/{id}/', () => {
  it('has no GET: 405 with DRF\'s Allow', async () => {
    const { user, token } = await createAuthenticatedUser();
    const ingredient = await createIngredient(user.id, 'Kale');
    const response = await call(detailApp, 'GET', detailUrl(ingredient.id), { token });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('PUT, PATCH, DELETE, OPTIONS');
    expect(response.body).toEqual({ detail: 'Method "GET" not allowed.' });
  });

  it.each([['PATCH'], ['PUT']])('renames the ingredient with %s and answers {id, name}', async (method) => {
    const { user, token } = await createAuthenticatedUser();
    const ingredient = await createIngredient(user.id, 'Cucumber');
    const response = await call(detailApp, method, detailUrl(ingredient.id), { token, json: { name: 'Vanilla' } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: ingredient.id, name: 'Vanilla' });
    expect(Object.keys(response.body as object)).toEqual(['id', 'name']);
    expect(await nameOf(ingredient.id)).toBe('Vanilla');
  });

  it('shows the new name in the recipes that use the ingredient', async () => {
    const { user, token } = await createAuthenticatedUser();
    const ingredient = await createIngredient(user.id, 'Cucumber');
    const recipe = await createRecipe(user.id);
    await linkIngredient(recipe.id, ingredient.id);
    await call(detailApp, 'PATCH', detailUrl(ingredient.id), { token, json: { name: 'Vanilla' } });
    expect((await loadRecipe(recipe.id))?.ingredients).toEqual(['Vanilla']);
  });

  it('trims the new name', async () => {
    const { user, token } = await createAuthenticatedUser();
    const ingredient = await createIngredient(user.id, 'Cucumber');
    const response = await call(detailApp, 'PATCH', detailUrl(ingredient.id), { token, json: { name: '  Vanilla ' } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: ingredient.id, name: 'Vanilla' });
  });

  it.each([['Kale'], [' Kale ']])('refuses to rename to %j, a name the user already has, and changes nothing', async (name) => {
    const { user, token } = await createAuthenticatedUser();
    await createIngredient(user.id, 'Kale');
    const ingredient = await createIngredient(user.id, 'Vanilla');
    for (const method of ['PATCH', 'PUT']) {
      const response = await call(detailApp, method, detailUrl(ingredient.id), { token, json: { name } });
      expect(response.status, method).toBe(400);
      expect(response.body, method).toEqual({ name: ['You already have one with this name.'] });
    }
    expect(await namesOf('ingredients', user.id)).toEqual(['Kale', 'Vanilla']);
  });

  it('lets an ingredient keep its own name', async () => {
    const { user, token } = await createAuthenticatedUser();
    const ingredient = await createIngredient(user.id, 'Kale');
    const response = await call(detailApp, 'PUT', detailUrl(ingredient.id), { token, json: { name: 'Kale' } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: ingredient.id, name: 'Kale' });
  });

  it("allows a name that only another user has", async () => {
    const other = await createUser();
    await createIngredient(other.id, 'Kale');
    const { user, token } = await createAuthenticatedUser();
    const ingredient = await createIngredient(user.id, 'Vanilla');
    const response = await call(detailApp, 'PATCH', detailUrl(ingredient.id), { token, json: { name: 'Kale' } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: ingredient.id, name: 'Kale' });
  });

  it.each([
    ['PATCH', { name: '' }, { name: ['This field may not be blank.'] }],
    ['PATCH', { name: '   ' }, { name: ['This field may not be blank.'] }],
    ['PATCH', { name: null }, { name: ['This field may not be null.'] }],
    ['PATCH', { name: 'x'.repeat(256) }, { name: ['Ensure this field has no more than 255 characters.'] }],
    ['PUT', {}, { name: ['This field is required.'] }],
  ])('refuses %s %j with DRF\'s words and keeps the name', async (method, json, errors) => {
    const { user, token } = await createAuthenticatedUser();
    const ingredient = await createIngredient(user.id, 'Kale');
    const response = await call(detailApp, method, detailUrl(ingredient.id), { token, json });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(errors);
    expect(await nameOf(ingredient.id)).toBe('Kale');
  });

  it('keeps the name on an empty PATCH', async () => {
    const { user, token } = await createAuthenticatedUser();
    const ingredient = await createIngredient(user.id, 'Kale');
    const response = await call(detailApp, 'PATCH', detailUrl(ingredient.id), { token, json: {} });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: ingredient.id, name: 'Kale' });
  });

  it('deletes the ingredient with 204 and takes it off every recipe, which stay', async () => {
    const { user, token } = await createAuthenticatedUser();
    const ingredient = await createIngredient(user.id, 'Apples');
    const kept = await createIngredient(user.id, 'Garlic');
    const pancakes = await createRecipe(user.id, { title: 'Pancakes' });
    const porridge = await createRecipe(user.id, { title: 'Porridge' });
    await linkIngredient(pancakes.id, ingredient.id);
    await linkIngredient(pancakes.id, kept.id);
    await linkIngredient(porridge.id, ingredient.id);
    const response = await call(detailApp, 'DELETE', detailUrl(ingredient.id), { token });
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect(await namesOf('ingredients', user.id)).toEqual(['Garlic']);
    expect((await loadRecipe(pancakes.id))?.ingredients).toEqual(['Garlic']);
    expect((await loadRecipe(porridge.id))?.ingredients).toEqual([]);
    expect(await countRows()).toMatchObject({ recipes: 2, recipe_ingredients: 1 });
  });

  it('answers 404 to a second delete', async () => {
    const { user, token } = await createAuthenticatedUser();
    const ingredient = await createIngredient(user.id, 'Kale');
    expect((await call(detailApp, 'DELETE', detailUrl(ingredient.id), { token })).status).toBe(204);
    const again = await call(detailApp, 'DELETE', detailUrl(ingredient.id), { token });
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ detail: 'Not found.' });
  });

  it.each([
    ['PATCH', { name: 'Mine too' }],
    ['PUT', { name: 'Mine too' }],
    ['PATCH', { name: '' }],
    ['DELETE', undefined],
  ])("answers 404 to %s %j on another user's ingredient, before checking the body, and changes nothing", async (method, json) => {
    const other = await createUser();
    const theirs = await createIngredient(other.id, 'Saffron');
    const recipe = await createRecipe(other.id);
    await linkIngredient(recipe.id, theirs.id);
    const { token } = await createAuthenticatedUser();
    const response = await call(detailApp, method, detailUrl(theirs.id), { token, json });
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ detail: 'Not found.' });
    expect(await nameOf(theirs.id)).toBe('Saffron');
    expect((await loadRecipe(recipe.id))?.ingredients).toEqual(['Saffron']);
  });

  // Ingredients 1…10 exist and are the caller's, so a lenient parse ("+5" → 5, "1_0" → 10) would find one.
  it.each([['abc'], ['0'], ['-1'], ['%2B5'], ['%205'], ['1_0'], ['%EF%BC%95'], ['99999999999999999999'], ['9223372036854775808']])(
    'answers 404 to the id %s, which is not a plain positive ASCII integer',
    async (id) => {
      const { user, token } = await createAuthenticatedUser();
      for (let i = 1; i <= 10; i += 1) await createIngredient(user.id, `Ingredient ${i}`);
      for (const method of ['PATCH', 'DELETE']) {
        const response = await call(detailApp, method, detailUrl(id), method === 'PATCH' ? { token, json: { name: 'Changed' } } : { token });
        expect(response.status, method).toBe(404);
        expect(response.body, method).toEqual({ detail: 'Not found.' });
      }
      expect(await countRows()).toMatchObject({ ingredients: 10 });
      expect(await namesOf('ingredients', user.id)).not.toContain('Changed');
    },
  );
});
