import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
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
import app from './recipe-list.ts';

const url = '/api/recipe/recipes/';
const payload = { title: 'Chocolate cheesecake', time_minutes: 30, price: '5.99' };
const nothingWritten = { recipes: 0, tags: 0, ingredients: 0, recipe_tags: 0, recipe_ingredients: 0 };

interface Item {
  id: number;
  title: string;
  tags: { id: number; name: string }[];
  ingredients: { id: number; name: string }[];
}

function ids(body: unknown): number[] {
  return (body as Item[]).map(({ id }) => id);
}

describe('/api/recipe/recipes/ without credentials', () => {
  it('refuses to list recipes', async () => {
    const response = await call(app, 'GET', url);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Token');
    expect(response.body).toEqual({ detail: 'Authentication credentials were not provided.' });
  });

  it('refuses to create a recipe and creates nothing', async () => {
    const response = await call(app, 'POST', url, { json: { ...payload, tags: [{ name: 'Thai' }] } });
    expect(response.status).toBe(401);
    expect(await countRows()).toEqual(nothingWritten);
  });

  it('refuses an invalid token', async () => {
    const response = await call(app, 'GET', url, { token: '0'.repeat(40) });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ detail: 'Invalid token.' });
  });

  it('authenticates before it refuses a method: PUT without a token is a 401', async () => {
    expect((await call(app, 'PUT', url)).status).toBe(401);
  });
});

describe('GET /api/recipe/recipes/', () => {
  it("lists the caller's recipes, newest first", async () => {
    const { user, token } = await createAuthenticatedUser();
    const first = await createRecipe(user.id, { title: 'First' });
    const second = await createRecipe(user.id, { title: 'Second' });
    const third = await createRecipe(user.id, { title: 'Third' });
    const response = await call(app, 'GET', url, { token });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(ids(response.body)).toEqual([third.id, second.id, first.id]);
  });

  it("leaves out other users' recipes", async () => {
    const other = await createUser();
    await createRecipe(other.id, { title: 'Not mine' });
    const { user, token } = await createAuthenticatedUser();
    const mine = await createRecipe(user.id, { title: 'Mine' });
    const response = await call(app, 'GET', url, { token });
    expect(response.status).toBe(200);
    expect(ids(response.body)).toEqual([mine.id]);
  });

  it('answers [] to a user without recipes', async () => {
    const other = await createUser();
    await createRecipe(other.id);
    const { token } = await createAuthenticatedUser();
    const response = await call(app, 'GET', url, { token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual([]);
  });

  it('shows an item as id, title, time_minutes, price (a string), link, tags, ingredients, in that order and nothing else', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id, { title: 'Soup', time_minutes: 22, price: '5.25', link: 'http://example.com/recipe.pdf', description: 'Hidden' });
    const tag = await createTag(user.id, 'Vegan');
    const ingredient = await createIngredient(user.id, 'Kale');
    await linkTag(recipe.id, tag.id);
    await linkIngredient(recipe.id, ingredient.id);
    const response = await call(app, 'GET', url, { token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual([
      {
        id: recipe.id,
        title: 'Soup',
        time_minutes: 22,
        price: '5.25',
        link: 'http://example.com/recipe.pdf',
        tags: [{ id: tag.id, name: 'Vegan' }],
        ingredients: [{ id: ingredient.id, name: 'Kale' }],
      },
    ]);
    expect(Object.keys((response.body as Item[])[0] ?? {})).toEqual(['id', 'title', 'time_minutes', 'price', 'link', 'tags', 'ingredients']);
  });

  it('shows a price with its two decimals, as DRF does ("5.00", "0.50")', async () => {
    const { user, token } = await createAuthenticatedUser();
    await createRecipe(user.id, { price: '5' });
    await createRecipe(user.id, { price: '0.5' });
    const response = await call(app, 'GET', url, { token });
    expect((response.body as { price: unknown }[]).map(({ price }) => price)).toEqual(['0.50', '5.00']);
  });

  it("lists a recipe's tags and ingredients by id, whatever order they were linked in", async () => {
    const { user, token } = await createAuthenticatedUser();
    const { zeta, alpha, salt, basil } = await createRecipeLinkedOutOfIdOrder(user.id);
    const response = await call(app, 'GET', url, { token });
    const [item] = response.body as Item[];
    expect(item?.tags).toEqual([{ id: zeta.id, name: 'Zeta' }, { id: alpha.id, name: 'Alpha' }]);
    expect(item?.ingredients).toEqual([{ id: salt.id, name: 'Salt' }, { id: basil.id, name: 'Basil' }]);
  });

  it('gives each recipe its own tags and ingredients', async () => {
    const { user, token } = await createAuthenticatedUser();
    const soup = await createRecipe(user.id, { title: 'Soup' });
    const cake = await createRecipe(user.id, { title: 'Cake' });
    const vegan = await createTag(user.id, 'Vegan');
    const sweet = await createTag(user.id, 'Sweet');
    const sugar = await createIngredient(user.id, 'Sugar');
    await linkTag(soup.id, vegan.id);
    await linkTag(cake.id, sweet.id);
    await linkIngredient(cake.id, sugar.id);
    const response = await call(app, 'GET', url, { token });
    expect(response.body).toMatchObject([
      { id: cake.id, tags: [{ id: sweet.id, name: 'Sweet' }], ingredients: [{ id: sugar.id, name: 'Sugar' }] },
      { id: soup.id, tags: [{ id: vegan.id, name: 'Vegan' }], ingredients: [] },
    ]);
  });

  it('refuses PUT on the list with 405 and DRF\'s Allow', async () => {
    const { token } = await createAuthenticatedUser();
    const response = await call(app, 'PUT', url, { token, json: payload });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST, HEAD, OPTIONS');
    expect(response.body).toEqual({ detail: 'Method "PUT" not allowed.' });
  });
});

describe('POST /api/recipe/recipes/', () => {
  it('creates a recipe owned by the caller and answers 201 with the detail', async () => {
    const { user, token } = await createAuthenticatedUser();
    const response = await call(app, 'POST', url, { token, json: payload });
    expect(response.status).toBe(201);
    const { id } = response.body as Item;
    expect(response.body).toEqual({
      id,
      title: 'Chocolate cheesecake',
      time_minutes: 30,
      price: '5.99',
      link: '',
      tags: [],
      ingredients: [],
      description: '',
      image: null,
    });
    expect(Object.keys(response.body as object)).toEqual(['id', 'title', 'time_minutes', 'price', 'link', 'tags', 'ingredients', 'description', 'image']);
    const stored = await loadRecipe(id);
    expect(stored).toMatchObject({ user_id: user.id, title: 'Chocolate cheesecake', time_minutes: 30, price: '5.99', link: '', description: '' });
  });

  it('stores the optional link and description', async () => {
    const { token } = await createAuthenticatedUser();
    const response = await call(app, 'POST', url, {
      token,
      json: { ...payload, link: 'https://example.com/cake.pdf', description: 'Rich and creamy.' },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ link: 'https://example.com/cake.pdf', description: 'Rich and creamy.' });
    expect(await loadRecipe((response.body as Item).id)).toMatchObject({ link: 'https://example.com/cake.pdf', description: 'Rich and creamy.' });
  });

  it('makes the caller the owner, ignoring a user field in the body', async () => {
    const other = await createUser();
    const { user, token } = await createAuthenticatedUser();
    const response = await call(app, 'POST', url, { token, json: { ...payload, user: other.id, user_id: other.id } });
    expect(response.status).toBe(201);
    expect((await loadRecipe((response.body as Item).id))?.user_id).toBe(user.id);
  });

  it('gives each new recipe a higher id, so it comes first in the list', async () => {
    const { user, token } = await createAuthenticatedUser();
    const old = await createRecipe(user.id);
    const created = await call(app, 'POST', url, { token, json: payload });
    const listed = await call(app, 'GET', url, { token });
    expect(ids(listed.body)).toEqual([(created.body as Item).id, old.id]);
  });

  it('accepts a form-encoded body, as DRF does', async () => {
    const { token } = await createAuthenticatedUser();
    const response = await call(app, 'POST', url, { token, form: { title: 'Form cake', time_minutes: '15', price: '2.5' } });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ title: 'Form cake', time_minutes: 15, price: '2.50', tags: [], ingredients: [] });
  });

  it('accepts time_minutes as a numeric string', async () => {
    const { token } = await createAuthenticatedUser();
    const response = await call(app, 'POST', url, { token, json: { ...payload, time_minutes: '7' } });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ time_minutes: 7 });
    expect((await loadRecipe((response.body as Item).id))?.time_minutes).toBe(7);
  });

  it('accepts a price given as a JSON number and shows it with two decimals', async () => {
    const { token } = await createAuthenticatedUser();
    const response = await call(app, 'POST', url, { token, json: { ...payload, price: 5.5 } });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ price: '5.50' });
    expect((await loadRecipe((response.body as Item).id))?.price).toBe('5.50');
  });

  it('accepts the bounds: time_minutes 0 and 100000, price 0 and 999.99', async () => {
    const { token } = await createAuthenticatedUser();
    const low = await call(app, 'POST', url, { token, json: { ...payload, time_minutes: 0, price: 0 } });
    expect(low.status).toBe(201);
    expect(low.body).toMatchObject({ time_minutes: 0, price: '0.00' });
    const high = await call(app, 'POST', url, { token, json: { ...payload, time_minutes: 100000, price: '999.99' } });
    expect(high.status).toBe(201);
    expect(high.body).toMatchObject({ time_minutes: 100000, price: '999.99' });
  });

  it('trims the title, as DRF does', async () => {
    const { token } = await createAuthenticatedUser();
    const response = await call(app, 'POST', url, { token, json: { ...payload, title: '  Cheesecake  ' } });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ title: 'Cheesecake' });
  });

  it('creates the new tags it names, for the caller', async () => {
    const { user, token } = await createAuthenticatedUser();
    const response = await call(app, 'POST', url, { token, json: { ...payload, tags: [{ name: 'Thai' }, { name: 'Dinner' }] } });
    expect(response.status).toBe(201);
    const { id, tags } = response.body as Item;
    expect(tags.map(({ name }) => name).sort()).toEqual(['Dinner', 'Thai']);
    expect(tags.map((tag) => tag.id)).toEqual(tags.map((tag) => tag.id).sort((a, b) => a - b));
    expect(await namesOf('tags', user.id)).toEqual(['Dinner', 'Thai']);
    expect((await loadRecipe(id))?.tags.sort()).toEqual(['Dinner', 'Thai']);
  });

  it("reuses the caller's existing tag instead of making a second one", async () => {
    const { user, token } = await createAuthenticatedUser();
    const indian = await createTag(user.id, 'Indian');
    const response = await call(app, 'POST', url, { token, json: { ...payload, tags: [{ name: 'Indian' }, { name: 'Breakfast' }] } });
    expect(response.status).toBe(201);
    const { tags } = response.body as Item;
    expect(tags).toContainEqual({ id: indian.id, name: 'Indian' });
    expect(tags).toHaveLength(2);
    expect(await namesOf('tags', user.id)).toEqual(['Breakfast', 'Indian']);
  });

  it('finds an existing tag by its trimmed name', async () => {
    const { user, token } = await createAuthenticatedUser();
    const thai = await createTag(user.id, 'Thai');
    const response = await call(app, 'POST', url, { token, json: { ...payload, tags: [{ name: '  Thai ' }] } });
    expect(response.status).toBe(201);
    expect((response.body as Item).tags).toEqual([{ id: thai.id, name: 'Thai' }]);
    expect(await namesOf('tags', user.id)).toEqual(['Thai']);
  });

  it("makes the caller their own tag even when another user has one of that name", async () => {
    const other = await createUser();
    const theirs = await createTag(other.id, 'Indian');
    const { user, token } = await createAuthenticatedUser();
    const response = await call(app, 'POST', url, { token, json: { ...payload, tags: [{ name: 'Indian' }] } });
    expect(response.status).toBe(201);
    const [tag] = (response.body as Item).tags;
    expect(tag?.name).toBe('Indian');
    expect(tag?.id).not.toBe(theirs.id);
    expect(await namesOf('tags', user.id)).toEqual(['Indian']);
    expect(await namesOf('tags', other.id)).toEqual(['Indian']);
  });

  it('makes one tag of a name given twice in one body', async () => {
    const { user, token } = await createAuthenticatedUser();
    const response = await call(app, 'POST', url, { token, json: { ...payload, tags: [{ name: 'Thai' }, { name: 'Thai' }] } });
    expect(response.status).toBe(201);
    const { id, tags } = response.body as Item;
    expect(tags).toHaveLength(1);
    expect(tags[0]?.name).toBe('Thai');
    expect(await namesOf('tags', user.id)).toEqual(['Thai']);
    expect((await loadRecipe(id))?.tags).toEqual(['Thai']);
  });

  it('creates the new ingredients it names, for the caller', async () => {
    const { user, token } = await createAuthenticatedUser();
    const response = await call(app, 'POST', url, { token, json: { ...payload, ingredients: [{ name: 'Cauliflower' }, { name: 'Salt' }] } });
    expect(response.status).toBe(201);
    const { id, ingredients } = response.body as Item;
    expect(ingredients.map(({ name }) => name).sort()).toEqual(['Cauliflower', 'Salt']);
    expect(await namesOf('ingredients', user.id)).toEqual(['Cauliflower', 'Salt']);
    expect((await loadRecipe(id))?.ingredients.sort()).toEqual(['Cauliflower', 'Salt']);
  });

  it("reuses the caller's existing ingredient instead of making a second one", async () => {
    const { user, token } = await createAuthenticatedUser();
    const lemon = await createIngredient(user.id, 'Lemon');
    const response = await call(app, 'POST', url, { token, json: { ...payload, ingredients: [{ name: 'Lemon' }, { name: 'Fish Sauce' }] } });
    expect(response.status).toBe(201);
    const { ingredients } = response.body as Item;
    expect(ingredients).toContainEqual({ id: lemon.id, name: 'Lemon' });
    expect(ingredients).toHaveLength(2);
    expect(await namesOf('ingredients', user.id)).toEqual(['Fish Sauce', 'Lemon']);
  });

  it('makes one ingredient of a name given twice in one body', async () => {
    const { user, token } = await createAuthenticatedUser();
    const response = await call(app, 'POST', url, { token, json: { ...payload, ingredients: [{ name: 'Salt' }, { name: 'Salt' }] } });
    expect(response.status).toBe(201);
    expect((response.body as Item).ingredients).toHaveLength(1);
    expect(await namesOf('ingredients', user.id)).toEqual(['Salt']);
  });

  it('names every missing required field, in the order DRF declares them', async () => {
    const { token } = await createAuthenticatedUser();
    const response = await call(app, 'POST', url, { token, json: {} });
    expect(response.status).toBe(400);
    expect(response.text).toBe(
      '{"title":["This field is required."],"time_minutes":["This field is required."],"price":["This field is required."]}',
    );
    expect(await countRows()).toEqual(nothingWritten);
  });

  it('takes an empty body as no fields and names the required ones', async () => {
    const { token } = await createAuthenticatedUser();
    const response = await call(app, 'POST', url, { token });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      title: ['This field is required.'],
      time_minutes: ['This field is required.'],
      price: ['This field is required.'],
    });
  });

  it('refuses a JSON body that is not an object', async () => {
    const { token } = await createAuthenticatedUser();
    const response = await call(app, 'POST', url, { token, json: [payload] });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] });
    expect(await countRows()).toEqual(nothingWritten);
  });

  // Each bad body also names a new tag and ingredient: a refused create must leave neither behind.
  it.each([
    [{ title: 'x'.repeat(256) }, { title: ['Ensure this field has no more than 255 characters.'] }],
    [{ title: '   ' }, { title: ['This field may not be blank.'] }],
    [{ title: null }, { title: ['This field may not be null.'] }],
    [{ time_minutes: 'abc' }, { time_minutes: ['A valid integer is required.'] }],
    [{ time_minutes: 7.5 }, { time_minutes: ['A valid integer is required.'] }],
    [{ time_minutes: -1 }, { time_minutes: ['Ensure this value is greater than or equal to 0.'] }],
    [{ time_minutes: 100001 }, { time_minutes: ['Ensure this value is less than or equal to 100000.'] }],
    [{ price: 'abc' }, { price: ['A valid number is required.'] }],
    [{ price: 1234.56 }, { price: ['Ensure that there are no more than 5 digits in total.'] }],
    [{ price: 1234.5 }, { price: ['Ensure that there are no more than 3 digits before the decimal point.'] }],
    [{ price: 1.234 }, { price: ['Ensure that there are no more than 2 decimal places.'] }],
    [{ price: -1 }, { price: ['Ensure this value is greater than or equal to 0.'] }],
    [{ link: 'x'.repeat(256) }, { link: ['Ensure this field has no more than 255 characters.'] }],
    [{ tags: 'vegan' }, { tags: { non_field_errors: ['Expected a list of items but got type "str".'] } }],
    [{ tags: null }, { tags: ['This field may not be null.'] }],
    [{ tags: [{ name: '' }] }, { tags: [{ name: ['This field may not be blank.'] }] }],
    [{ tags: [{}] }, { tags: [{ name: ['This field is required.'] }] }],
    [{ tags: ['vegan'] }, { tags: [{ non_field_errors: ['Invalid data. Expected a dictionary, but got str.'] }] }],
    [{ tags: [{ name: 'Vegan' }, { name: ' ' }] }, { tags: [{}, { name: ['This field may not be blank.'] }] }],
    [{ tags: [{ name: 'x'.repeat(256) }] }, { tags: [{ name: ['Ensure this field has no more than 255 characters.'] }] }],
    [{ ingredients: 'salt' }, { ingredients: { non_field_errors: ['Expected a list of items but got type "str".'] } }],
    [{ ingredients: [{ name: '' }] }, { ingredients: [{ name: ['This field may not be blank.'] }] }],
    [{ ingredients: [{}] }, { ingredients: [{ name: ['This field is required.'] }] }],
  ])('refuses %j with DRF\'s words and writes nothing', async (change, errors) => {
    const { token } = await createAuthenticatedUser();
    const body = { ...payload, tags: [{ name: 'Thai' }], ingredients: [{ name: 'Basil' }], ...change };
    const response = await call(app, 'POST', url, { token, json: body });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(errors);
    expect(await countRows()).toEqual(nothingWritten);
  });

  it('reports every bad field at once', async () => {
    const { token } = await createAuthenticatedUser();
    const response = await call(app, 'POST', url, { token, json: { title: '', time_minutes: 'abc', price: 'abc', tags: [{}] } });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      title: ['This field may not be blank.'],
      time_minutes: ['A valid integer is required.'],
      price: ['A valid number is required.'],
      tags: [{ name: ['This field is required.'] }],
    });
  });

  it('ends with exactly one tag and one ingredient when 20 requests name the same new ones at once', async () => {
    const { user, token } = await createAuthenticatedUser();
    const body = { ...payload, tags: [{ name: 'Party' }], ingredients: [{ name: 'Cake' }] };
    const responses = await Promise.all(Array.from({ length: 20 }, () => call(app, 'POST', url, { token, json: body })));
    expect(responses.map(({ status }) => status)).toEqual(Array<number>(20).fill(201));
    expect(await namesOf('tags', user.id)).toEqual(['Party']);
    expect(await namesOf('ingredients', user.id)).toEqual(['Cake']);
    const tagIds = new Set(responses.map(({ body: created }) => (created as Item).tags[0]?.id));
    expect(tagIds.size).toBe(1);
    expect(await countRows()).toEqual({ recipes: 20, tags: 1, ingredients: 1, recipe_tags: 20, recipe_ingredients: 20 });
  });
});

describe('GET /api/recipe/recipes/ with filters', () => {
  async function threeRecipes() {
    const { user, token } = await createAuthenticatedUser();
    const curry = await createRecipe(user.id, { title: 'Thai vegetable curry' });
    const tahini = await createRecipe(user.id, { title: 'Aubergine with tahini' });
    const fish = await createRecipe(user.id, { title: 'Fish and chips' });
    const vegan = await createTag(user.id, 'Vegan');
    const vegetarian = await createTag(user.id, 'Vegetarian');
    await linkTag(curry.id, vegan.id);
    await linkTag(tahini.id, vegetarian.id);
    const salt = await createIngredient(user.id, 'Salt');
    const chicken = await createIngredient(user.id, 'Chicken');
    await linkIngredient(curry.id, salt.id);
    await linkIngredient(tahini.id, chicken.id);
    return { user, token, curry, tahini, fish, vegan, vegetarian, salt, chicken };
  }

  it('keeps the recipes having any of the given tags, newest first', async () => {
    const { token, curry, tahini, vegan, vegetarian } = await threeRecipes();
    const response = await call(app, 'GET', `${url}?tags=${vegan.id},${vegetarian.id}`, { token });
    expect(response.status).toBe(200);
    expect(ids(response.body)).toEqual([tahini.id, curry.id]);
  });

  it('keeps only the recipes having the one given tag', async () => {
    const { token, curry, vegan } = await threeRecipes();
    const response = await call(app, 'GET', `${url}?tags=${vegan.id}`, { token });
    expect(ids(response.body)).toEqual([curry.id]);
  });

  it('keeps the recipes having any of the given ingredients', async () => {
    const { token, curry, tahini, salt, chicken } = await threeRecipes();
    const both = await call(app, 'GET', `${url}?ingredients=${salt.id},${chicken.id}`, { token });
    expect(both.status).toBe(200);
    expect(ids(both.body)).toEqual([tahini.id, curry.id]);
    const one = await call(app, 'GET', `${url}?ingredients=${chicken.id}`, { token });
    expect(ids(one.body)).toEqual([tahini.id]);
  });

  it('requires both filters to hold when tags and ingredients are given', async () => {
    const { user, token } = await createAuthenticatedUser();
    const both = await createRecipe(user.id, { title: 'Both' });
    const tagOnly = await createRecipe(user.id, { title: 'Tag only' });
    const ingredientOnly = await createRecipe(user.id, { title: 'Ingredient only' });
    const vegan = await createTag(user.id, 'Vegan');
    const kale = await createIngredient(user.id, 'Kale');
    await linkTag(both.id, vegan.id);
    await linkTag(tagOnly.id, vegan.id);
    await linkIngredient(both.id, kale.id);
    await linkIngredient(ingredientOnly.id, kale.id);
    const response = await call(app, 'GET', `${url}?tags=${vegan.id}&ingredients=${kale.id}`, { token });
    expect(response.status).toBe(200);
    expect(ids(response.body)).toEqual([both.id]);
  });

  it('lists a recipe matching several given ids once', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const tags = [await createTag(user.id, 'Vegan'), await createTag(user.id, 'Quick')];
    const ingredients = [await createIngredient(user.id, 'Kale'), await createIngredient(user.id, 'Salt')];
    for (const tag of tags) await linkTag(recipe.id, tag.id);
    for (const ingredient of ingredients) await linkIngredient(recipe.id, ingredient.id);
    const tagIds = tags.map(({ id }) => id).join(',');
    const ingredientIds = ingredients.map(({ id }) => id).join(',');
    for (const query of [`tags=${tagIds}`, `ingredients=${ingredientIds}`, `tags=${tagIds}&ingredients=${ingredientIds}`]) {
      const response = await call(app, 'GET', `${url}?${query}`, { token });
      expect(ids(response.body), query).toEqual([recipe.id]);
    }
  });

  it('shows all the tags and ingredients of a recipe it keeps, not only the matching ones', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const vegan = await createTag(user.id, 'Vegan');
    const quick = await createTag(user.id, 'Quick');
    const kale = await createIngredient(user.id, 'Kale');
    const salt = await createIngredient(user.id, 'Salt');
    await linkTag(recipe.id, vegan.id);
    await linkTag(recipe.id, quick.id);
    await linkIngredient(recipe.id, kale.id);
    await linkIngredient(recipe.id, salt.id);
    const response = await call(app, 'GET', `${url}?tags=${vegan.id}&ingredients=${kale.id}`, { token });
    expect(response.body).toEqual([
      expect.objectContaining({
        id: recipe.id,
        tags: [{ id: vegan.id, name: 'Vegan' }, { id: quick.id, name: 'Quick' }],
        ingredients: [{ id: kale.id, name: 'Kale' }, { id: salt.id, name: 'Salt' }],
      }),
    ]);
  });

  it.each([['tags='], ['ingredients='], ['tags=&ingredients=']])('does not filter on an empty value (?%s)', async (query) => {
    const { token, curry, tahini, fish } = await threeRecipes();
    const response = await call(app, 'GET', `${url}?${query}`, { token });
    expect(response.status).toBe(200);
    expect(ids(response.body)).toEqual([fish.id, tahini.id, curry.id]);
  });

  it.each([['999'], ['-1'], ['0'], ['99999999999999999999'], ['18446744073709551617,-99999999999999999999']])(
    'answers 200 [] to tag and ingredient ids that match nothing (%s)',
    async (value) => {
      const { token } = await threeRecipes();
      for (const name of ['tags', 'ingredients']) {
        const response = await call(app, 'GET', `${url}?${name}=${value}`, { token });
        expect(response.status, name).toBe(200);
        expect(response.body, name).toEqual([]);
      }
    },
  );

  it("matches nothing with another user's tag or ingredient, and never shows their recipe", async () => {
    const other = await createUser();
    const theirRecipe = await createRecipe(other.id);
    const theirTag = await createTag(other.id, 'Vegan');
    const theirIngredient = await createIngredient(other.id, 'Kale');
    await linkTag(theirRecipe.id, theirTag.id);
    await linkIngredient(theirRecipe.id, theirIngredient.id);
    const { token } = await threeRecipes();
    for (const query of [`tags=${theirTag.id}`, `ingredients=${theirIngredient.id}`]) {
      const response = await call(app, 'GET', `${url}?${query}`, { token });
      expect(response.status, query).toBe(200);
      expect(response.body, query).toEqual([]);
    }
  });

  it.each([['abc'], ['1,,2'], ['1.5'], ['1,abc'], [',']])('refuses ?tags=%s, which is not a comma-separated list of ids', async (value) => {
    const { token } = await threeRecipes();
    const response = await call(app, 'GET', `${url}?tags=${encodeURIComponent(value)}`, { token });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ tags: ['Enter a comma-separated list of ids.'] });
  });

  it.each([['abc'], ['1,,2'], ['1.5']])('refuses ?ingredients=%s, which is not a comma-separated list of ids', async (value) => {
    const { token } = await threeRecipes();
    const response = await call(app, 'GET', `${url}?ingredients=${encodeURIComponent(value)}`, { token });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ ingredients: ['Enter a comma-separated list of ids.'] });
  });
});

describe('GET /api/recipe/recipes/ cost', () => {
  async function queriesToList(token: string, expected: number): Promise<number> {
    const spy = vi.spyOn(pg.Client.prototype, 'query');
    try {
      const response = await call(app, 'GET', url, { token });
      expect(response.status).toBe(200);
      expect(response.body).toHaveLength(expected);
      return spy.mock.calls.length;
    } finally {
      spy.mockRestore();
    }
  }

  let added = 0;

  async function addRecipes(userId: number, count: number): Promise<void> {
    for (let i = added; i < added + count; i += 1) {
      const recipe = await createRecipe(userId, { title: `Recipe ${i}` });
      for (let t = 0; t < 3; t += 1) await linkTag(recipe.id, (await createTag(userId, `Tag ${i}.${t}`)).id);
      for (let n = 0; n < 2; n += 1) await linkIngredient(recipe.id, (await createIngredient(userId, `Ingredient ${i}.${n}`)).id);
    }
    added += count;
  }

  it('runs the same small number of SQL queries for 2 recipes as for 10', async () => {
    const { user, token } = await createAuthenticatedUser();
    await addRecipes(user.id, 2);
    const forTwo = await queriesToList(token, 2);
    await addRecipes(user.id, 8);
    const forTen = await queriesToList(token, 10);
    expect(forTwo).toBeGreaterThanOrEqual(2); // the spy sees the queries: at least the token and the recipes
    expect(forTen).toBe(forTwo);
    // The token lookup, the recipes, their tags, their ingredients: what Django's prefetch_related costs.
    expect(forTen).toBeLessThanOrEqual(4);
  });

  it('runs no more queries when filtering', async () => {
    const { user, token } = await createAuthenticatedUser();
    await addRecipes(user.id, 10);
    const unfiltered = await queriesToList(token, 10);
    const spy = vi.spyOn(pg.Client.prototype, 'query');
    try {
      const response = await call(app, 'GET', `${url}?tags=1,4,7&ingredients=1,3,5`, { token });
      expect(response.status).toBe(200);
      expect(response.body).toHaveLength(3);
      expect(spy.mock.calls.length).toBeLessThanOrEqual(unfiltered);
    } finally {
      spy.mockRestore();
    }
  });
});
