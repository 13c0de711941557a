import { describe, expect, it } from 'vitest';
import { call } from '../lib/testing/api.ts';
import { createAuthenticatedUser, createUser } from '../lib/testing/factories.ts';
import {
  countRows,
  createIngredient,
  createRecipe,
  createRecipeLinkedOutOfIdOrder,
  createTag,
  linkIngredient,
  linkTag,
  loadRecipe,
  namesOf,
} from '../lib/testing/recipe-factories.ts';
import app from './recipe-detail.ts';

const detailUrl = (id: number | string) => `/api/recipe/recipes/${id}/`;
const fullPayload = {
  title: 'New recipe title',
  link: 'https://example.com/new-recipe.pdf',
  description: 'New recipe description',
  time_minutes: 10,
  price: '2.50',
};

interface Detail {
  id: number;
  tags: { id: number; name: string }[];
  ingredients: { id: number; name: string }[];
}

describe('/api/recipe/recipes/{id}/ without credentials', () => {
  it.each([['GET'], ['PUT'], ['PATCH'], ['DELETE']])('refuses %s with 401 and changes nothing', async (method) => {
    const owner = await createUser();
    const recipe = await createRecipe(owner.id);
    const before = await loadRecipe(recipe.id);
    const response = await call(app, method, detailUrl(recipe.id), method === 'GET' || method === 'DELETE' ? {} : { json: fullPayload });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Token');
    expect(response.body).toEqual({ detail: 'Authentication credentials were not provided.' });
    expect(await loadRecipe(recipe.id)).toEqual(before);
  });

  it('authenticates before it refuses a method: POST without a token is a 401', async () => {
    expect((await call(app, 'POST', detailUrl(1))).status).toBe(401);
  });

  it('authenticates before it looks the recipe up: an unknown id without a token is a 401', async () => {
    expect((await call(app, 'GET', detailUrl(999))).status).toBe(401);
  });
});

describe('GET /api/recipe/recipes/{id}/', () => {
  it('shows the recipe with description and image (null without one), in DRF\'s field order', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id, { description: 'Sample description' });
    const tag = await createTag(user.id, 'Vegan');
    const ingredient = await createIngredient(user.id, 'Kale');
    await linkTag(recipe.id, tag.id);
    await linkIngredient(recipe.id, ingredient.id);
    const response = await call(app, 'GET', detailUrl(recipe.id), { token });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.body).toEqual({
      id: recipe.id,
      title: 'Sample recipe',
      time_minutes: 22,
      price: '5.25',
      link: 'http://example.com/recipe.pdf',
      tags: [{ id: tag.id, name: 'Vegan' }],
      ingredients: [{ id: ingredient.id, name: 'Kale' }],
      description: 'Sample description',
      image: null,
    });
    expect(Object.keys(response.body as object)).toEqual(['id', 'title', 'time_minutes', 'price', 'link', 'tags', 'ingredients', 'description', 'image']);
  });

  it("lists the recipe's tags and ingredients by id", async () => {
    const { user, token } = await createAuthenticatedUser();
    const { recipe, zeta, alpha, salt, basil } = await createRecipeLinkedOutOfIdOrder(user.id);
    const response = await call(app, 'GET', detailUrl(recipe.id), { token });
    expect((response.body as Detail).tags).toEqual([{ id: zeta.id, name: 'Zeta' }, { id: alpha.id, name: 'Alpha' }]);
    expect((response.body as Detail).ingredients).toEqual([{ id: salt.id, name: 'Salt' }, { id: basil.id, name: 'Basil' }]);
  });

  it('answers 404 to an id that does not exist', async () => {
    const { token } = await createAuthenticatedUser();
    const response = await call(app, 'GET', detailUrl(999), { token });
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ detail: 'Not found.' });
  });

  // Ids 1…10 exist and are the caller's, so a lenient parse ("+5" → 5, "1_0" → 10) would find one.
  it.each([['abc'], ['0'], ['-1'], ['%2B5'], ['%205'], ['1_0'], ['5.0'], ['0x5'], ['%EF%BC%95'], ['99999999999999999999'], ['9223372036854775808']])(
    'answers 404 to the id %s, which is not a plain positive ASCII integer',
    async (id) => {
      const { user, token } = await createAuthenticatedUser();
      for (let i = 0; i < 10; i += 1) await createRecipe(user.id);
      for (const method of ['GET', 'PATCH', 'DELETE']) {
        const response = await call(app, method, detailUrl(id), method === 'PATCH' ? { token, json: { title: 'Changed' } } : { token });
        expect(response.status, method).toBe(404);
        expect(response.body, method).toEqual({ detail: 'Not found.' });
      }
      expect(await countRows()).toMatchObject({ recipes: 10 });
      for (let i = 1; i <= 10; i += 1) expect((await loadRecipe(i))?.title).toBe('Sample recipe');
    },
  );

  it('finds a recipe by its plain id', async () => {
    const { user, token } = await createAuthenticatedUser();
    for (let i = 0; i < 10; i += 1) await createRecipe(user.id, { title: `Recipe ${i + 1}` });
    const response = await call(app, 'GET', detailUrl('10'), { token });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: 10, title: 'Recipe 10' });
  });

  it('refuses POST with 405 and DRF\'s Allow', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const response = await call(app, 'POST', detailUrl(recipe.id), { token, json: fullPayload });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, PUT, PATCH, DELETE, HEAD, OPTIONS');
    expect(response.body).toEqual({ detail: 'Method "POST" not allowed.' });
  });
});

describe("another user's recipe", () => {
  it.each([
    ['GET', undefined],
    ['PUT', fullPayload],
    ['PATCH', { title: 'Stolen', tags: [{ name: 'Mine now' }] }],
    ['DELETE', undefined],
  ])('is a 404 to %s, and nothing changes', async (method, json) => {
    const other = await createUser();
    const theirs = await createRecipe(other.id, { title: 'Theirs' });
    const tag = await createTag(other.id, 'Secret');
    await linkTag(theirs.id, tag.id);
    const before = await loadRecipe(theirs.id);
    const rowsBefore = await countRows();
    const { token } = await createAuthenticatedUser();
    const response = await call(app, method, detailUrl(theirs.id), { token, json });
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ detail: 'Not found.' });
    expect(await loadRecipe(theirs.id)).toEqual(before);
    expect(await countRows()).toEqual(rowsBefore);
  });

  it('is a 404 before the body is checked', async () => {
    const other = await createUser();
    const theirs = await createRecipe(other.id);
    const { token } = await createAuthenticatedUser();
    const response = await call(app, 'PATCH', detailUrl(theirs.id), { token, json: { price: 'abc' } });
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ detail: 'Not found.' });
  });
});

describe('PATCH /api/recipe/recipes/{id}/', () => {
  it('changes only the fields given', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id, { title: 'Sample recipe title', link: 'https://example.com/recipe.pdf' });
    const response = await call(app, 'PATCH', detailUrl(recipe.id), { token, json: { title: 'New recipe title' } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: recipe.id,
      title: 'New recipe title',
      time_minutes: 22,
      price: '5.25',
      link: 'https://example.com/recipe.pdf',
      tags: [],
      ingredients: [],
      description: 'Sample description',
      image: null,
    });
    expect(await loadRecipe(recipe.id)).toMatchObject({
      user_id: user.id,
      title: 'New recipe title',
      link: 'https://example.com/recipe.pdf',
      description: 'Sample description',
      time_minutes: 22,
      price: '5.25',
    });
  });

  it('changes nothing on an empty PATCH', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const before = await loadRecipe(recipe.id);
    const response = await call(app, 'PATCH', detailUrl(recipe.id), { token });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: recipe.id, title: 'Sample recipe' });
    expect(await loadRecipe(recipe.id)).toMatchObject({ ...before, updated_at: expect.any(Date) as unknown });
  });

  it('ignores a user field: the owner stays the same', async () => {
    const other = await createUser();
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const response = await call(app, 'PATCH', detailUrl(recipe.id), { token, json: { user: other.id, user_id: other.id } });
    expect(response.status).toBe(200);
    expect((await loadRecipe(recipe.id))?.user_id).toBe(user.id);
  });

  it('may blank the link and the description', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const response = await call(app, 'PATCH', detailUrl(recipe.id), { token, json: { link: '', description: '' } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ link: '', description: '' });
    expect(await loadRecipe(recipe.id)).toMatchObject({ link: '', description: '' });
  });

  it.each([
    [{ title: '' }, { title: ['This field may not be blank.'] }],
    [{ title: null }, { title: ['This field may not be null.'] }],
    [{ time_minutes: 'abc' }, { time_minutes: ['A valid integer is required.'] }],
    [{ time_minutes: 100001 }, { time_minutes: ['Ensure this value is less than or equal to 100000.'] }],
    [{ price: -1 }, { price: ['Ensure this value is greater than or equal to 0.'] }],
    [{ price: 1.234 }, { price: ['Ensure that there are no more than 2 decimal places.'] }],
    [{ tags: 'vegan' }, { tags: { non_field_errors: ['Expected a list of items but got type "str".'] } }],
    [{ tags: [{}] }, { tags: [{ name: ['This field is required.'] }] }],
    [{ tags: [{ name: 'Fresh' }, { name: '' }] }, { tags: [{}, { name: ['This field may not be blank.'] }] }],
    [{ ingredients: [{}] }, { ingredients: [{ name: ['This field is required.'] }] }],
    [{ title: 'Changed', tags: [{ name: 'Fresh' }], price: 'abc' }, { price: ['A valid number is required.'] }],
  ])('refuses %j with DRF\'s words and changes nothing', async (json, errors) => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const tag = await createTag(user.id, 'Old');
    await linkTag(recipe.id, tag.id);
    const before = await loadRecipe(recipe.id);
    const rowsBefore = await countRows();
    const response = await call(app, 'PATCH', detailUrl(recipe.id), { token, json });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(errors);
    expect(await loadRecipe(recipe.id)).toEqual(before);
    expect(await countRows()).toEqual(rowsBefore);
  });
});

describe('PUT /api/recipe/recipes/{id}/', () => {
  it('replaces every field', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id, { title: 'Sample recipe title', link: 'https://example.com/recipe.pdf', description: 'Sample recipe description' });
    const response = await call(app, 'PUT', detailUrl(recipe.id), { token, json: fullPayload });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: recipe.id, ...fullPayload, tags: [], ingredients: [], image: null });
    expect(await loadRecipe(recipe.id)).toMatchObject({ user_id: user.id, ...fullPayload });
  });

  it('leaves the link and description unchanged when they are left out', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id, { link: 'https://example.com/keep.pdf', description: 'Keep me' });
    const response = await call(app, 'PUT', detailUrl(recipe.id), { token, json: { title: 'Renamed', time_minutes: 5, price: 1 } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ title: 'Renamed', time_minutes: 5, price: '1.00', link: 'https://example.com/keep.pdf', description: 'Keep me' });
    expect(await loadRecipe(recipe.id)).toMatchObject({ title: 'Renamed', link: 'https://example.com/keep.pdf', description: 'Keep me' });
  });

  it('leaves tags and ingredients unchanged when they are left out', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const tag = await createTag(user.id, 'Vegan');
    const ingredient = await createIngredient(user.id, 'Kale');
    await linkTag(recipe.id, tag.id);
    await linkIngredient(recipe.id, ingredient.id);
    const response = await call(app, 'PUT', detailUrl(recipe.id), { token, json: fullPayload });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ tags: [{ id: tag.id, name: 'Vegan' }], ingredients: [{ id: ingredient.id, name: 'Kale' }] });
    expect(await loadRecipe(recipe.id)).toMatchObject({ tags: ['Vegan'], ingredients: ['Kale'] });
  });

  it('requires title, time_minutes and price, and changes nothing', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const before = await loadRecipe(recipe.id);
    const response = await call(app, 'PUT', detailUrl(recipe.id), { token, json: { link: 'https://example.com/other.pdf' } });
    expect(response.status).toBe(400);
    expect(response.text).toBe(
      '{"title":["This field is required."],"time_minutes":["This field is required."],"price":["This field is required."]}',
    );
    expect(await loadRecipe(recipe.id)).toEqual(before);
  });

  it('ignores a user field: the owner stays the same', async () => {
    const other = await createUser();
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const response = await call(app, 'PUT', detailUrl(recipe.id), { token, json: { ...fullPayload, user: other.id } });
    expect(response.status).toBe(200);
    expect((await loadRecipe(recipe.id))?.user_id).toBe(user.id);
  });
});

describe('tags and ingredients on update', () => {
  it('creates a tag named on update and links it', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const response = await call(app, 'PATCH', detailUrl(recipe.id), { token, json: { tags: [{ name: 'Lunch' }] } });
    expect(response.status).toBe(200);
    expect((response.body as Detail).tags).toEqual([{ id: expect.any(Number) as unknown, name: 'Lunch' }]);
    expect(await namesOf('tags', user.id)).toEqual(['Lunch']);
    expect((await loadRecipe(recipe.id))?.tags).toEqual(['Lunch']);
  });

  it('assigns an existing tag, replacing the old set, without making a new tag', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const breakfast = await createTag(user.id, 'Breakfast');
    const lunch = await createTag(user.id, 'Lunch');
    await linkTag(recipe.id, breakfast.id);
    const response = await call(app, 'PATCH', detailUrl(recipe.id), { token, json: { tags: [{ name: 'Lunch' }] } });
    expect(response.status).toBe(200);
    expect((response.body as Detail).tags).toEqual([{ id: lunch.id, name: 'Lunch' }]);
    expect((await loadRecipe(recipe.id))?.tags).toEqual(['Lunch']);
    expect(await namesOf('tags', user.id)).toEqual(['Breakfast', 'Lunch']);
  });

  it('replaces the tags on PUT too', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    await linkTag(recipe.id, (await createTag(user.id, 'Breakfast')).id);
    const response = await call(app, 'PUT', detailUrl(recipe.id), { token, json: { ...fullPayload, tags: [{ name: 'Dinner' }, { name: 'Dinner' }] } });
    expect(response.status).toBe(200);
    expect((await loadRecipe(recipe.id))?.tags).toEqual(['Dinner']);
    expect(await namesOf('tags', user.id)).toEqual(['Breakfast', 'Dinner']);
  });

  it('keeps a tag that stays in the list', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const vegan = await createTag(user.id, 'Vegan');
    await linkTag(recipe.id, vegan.id);
    const response = await call(app, 'PATCH', detailUrl(recipe.id), { token, json: { tags: [{ name: 'Vegan' }, { name: 'Quick' }] } });
    expect(response.status).toBe(200);
    const { tags } = response.body as Detail;
    expect(tags[0]).toEqual({ id: vegan.id, name: 'Vegan' });
    expect(tags.map(({ name }) => name)).toEqual(['Vegan', 'Quick']);
  });

  it('clears the tags with []', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    await linkTag(recipe.id, (await createTag(user.id, 'Dessert')).id);
    const response = await call(app, 'PATCH', detailUrl(recipe.id), { token, json: { tags: [] } });
    expect(response.status).toBe(200);
    expect((response.body as Detail).tags).toEqual([]);
    expect((await loadRecipe(recipe.id))?.tags).toEqual([]);
    expect(await namesOf('tags', user.id)).toEqual(['Dessert']);
  });

  it('leaves the tags and ingredients unchanged when the lists are absent', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    await linkTag(recipe.id, (await createTag(user.id, 'Vegan')).id);
    await linkIngredient(recipe.id, (await createIngredient(user.id, 'Kale')).id);
    const response = await call(app, 'PATCH', detailUrl(recipe.id), { token, json: { title: 'Renamed' } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ tags: [{ name: 'Vegan' }], ingredients: [{ name: 'Kale' }] });
    expect(await loadRecipe(recipe.id)).toMatchObject({ title: 'Renamed', tags: ['Vegan'], ingredients: ['Kale'] });
  });

  it('changes the ingredients without touching the tags', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    await linkTag(recipe.id, (await createTag(user.id, 'Vegan')).id);
    await linkIngredient(recipe.id, (await createIngredient(user.id, 'Kale')).id);
    const response = await call(app, 'PATCH', detailUrl(recipe.id), { token, json: { ingredients: [{ name: 'Spinach' }] } });
    expect(response.status).toBe(200);
    expect(await loadRecipe(recipe.id)).toMatchObject({ tags: ['Vegan'], ingredients: ['Spinach'] });
  });

  it('creates an ingredient named on update and links it', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const response = await call(app, 'PATCH', detailUrl(recipe.id), { token, json: { ingredients: [{ name: 'Limes' }] } });
    expect(response.status).toBe(200);
    expect((response.body as Detail).ingredients).toEqual([{ id: expect.any(Number) as unknown, name: 'Limes' }]);
    expect(await namesOf('ingredients', user.id)).toEqual(['Limes']);
    expect((await loadRecipe(recipe.id))?.ingredients).toEqual(['Limes']);
  });

  it('assigns an existing ingredient, replacing the old set, without making a new one', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const pepper = await createIngredient(user.id, 'Pepper');
    const chili = await createIngredient(user.id, 'Chili');
    await linkIngredient(recipe.id, pepper.id);
    const response = await call(app, 'PATCH', detailUrl(recipe.id), { token, json: { ingredients: [{ name: 'Chili' }] } });
    expect(response.status).toBe(200);
    expect((response.body as Detail).ingredients).toEqual([{ id: chili.id, name: 'Chili' }]);
    expect((await loadRecipe(recipe.id))?.ingredients).toEqual(['Chili']);
    expect(await namesOf('ingredients', user.id)).toEqual(['Chili', 'Pepper']);
  });

  it('clears the ingredients with []', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    await linkIngredient(recipe.id, (await createIngredient(user.id, 'Garlic')).id);
    const response = await call(app, 'PATCH', detailUrl(recipe.id), { token, json: { ingredients: [] } });
    expect(response.status).toBe(200);
    expect((response.body as Detail).ingredients).toEqual([]);
    expect((await loadRecipe(recipe.id))?.ingredients).toEqual([]);
    expect(await namesOf('ingredients', user.id)).toEqual(['Garlic']);
  });

  it("uses the caller's own tag, never another user's of the same name", async () => {
    const other = await createUser();
    const theirs = await createTag(other.id, 'Lunch');
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const response = await call(app, 'PATCH', detailUrl(recipe.id), { token, json: { tags: [{ name: 'Lunch' }] } });
    expect(response.status).toBe(200);
    expect((response.body as Detail).tags[0]?.id).not.toBe(theirs.id);
    expect(await namesOf('tags', user.id)).toEqual(['Lunch']);
  });
});

describe('DELETE /api/recipe/recipes/{id}/', () => {
  it('deletes the recipe and answers 204 with no body', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const response = await call(app, 'DELETE', detailUrl(recipe.id), { token });
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect(await loadRecipe(recipe.id)).toBeUndefined();
    expect((await call(app, 'GET', detailUrl(recipe.id), { token })).status).toBe(404);
  });

  it('keeps the tags and ingredients, which belong to the user, and the other recipes', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const kept = await createRecipe(user.id, { title: 'Kept' });
    const tag = await createTag(user.id, 'Vegan');
    const ingredient = await createIngredient(user.id, 'Kale');
    for (const id of [recipe.id, kept.id]) {
      await linkTag(id, tag.id);
      await linkIngredient(id, ingredient.id);
    }
    const response = await call(app, 'DELETE', detailUrl(recipe.id), { token });
    expect(response.status).toBe(204);
    expect(await countRows()).toEqual({ recipes: 1, tags: 1, ingredients: 1, recipe_tags: 1, recipe_ingredients: 1 });
    expect(await loadRecipe(kept.id)).toMatchObject({ title: 'Kept', tags: ['Vegan'], ingredients: ['Kale'] });
  });

  it('answers 404 to a second delete', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    expect((await call(app, 'DELETE', detailUrl(recipe.id), { token })).status).toBe(204);
    const again = await call(app, 'DELETE', detailUrl(recipe.id), { token });
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ detail: 'Not found.' });
  });
});
