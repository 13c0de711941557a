// The recipe list's parameters beyond the original: paging, search,
// ordering, and the filters tags_all, ingredients_all, max_time, max_price.
import { describe, expect, it } from 'vitest';
import { call } from '../lib/testing/api.ts';
import { createAuthenticatedUser, createUser } from '../lib/testing/factories.ts';
import { createIngredient, createRecipe, createTag, linkIngredient, linkTag } from '../lib/testing/recipe-factories.ts';
import app from './recipe-list.ts';

const url = '/api/recipe/recipes/';

interface Item {
  id: number;
  title: string;
}
interface Page {
  count: number;
  next: string | null;
  previous: string | null;
  results: Item[];
}

const titles = (body: unknown) => (body as Item[]).map(({ title }) => title);
const ids = (body: unknown) => (body as Item[]).map(({ id }) => id);

/** A user with `n` recipes "Recipe 1" … "Recipe n" (ids ascending), and a token. */
async function userWithRecipes(n: number) {
  const { user, token } = await createAuthenticatedUser();
  const recipes = [];
  for (let i = 1; i <= n; i += 1) recipes.push(await createRecipe(user.id, { title: `Recipe ${i}` }));
  return { user, token, ids: recipes.map(({ id }) => id) };
}

/** Another user's recipes, which must never show. */
async function someoneElsesRecipes(titlesToUse: readonly string[]) {
  const other = await createUser();
  for (const title of titlesToUse) await createRecipe(other.id, { title, description: title });
  return other;
}

describe('GET /api/recipe/recipes/?limit=&offset=', () => {
  it('answers a DRF page: count, next, previous (absolute URLs), results newest first', async () => {
    const { token, ids: made } = await userWithRecipes(5);
    await someoneElsesRecipes(['Theirs 1', 'Theirs 2']);
    const first = await call(app, 'GET', `${url}?limit=2`, { token });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      count: 5,
      next: `http://localhost${url}?limit=2&offset=2`,
      previous: null,
      results: [expect.objectContaining({ id: made[4] }), expect.objectContaining({ id: made[3] })],
    });
    const middle = (await call(app, 'GET', `${url}?limit=2&offset=2`, { token })).body as Page;
    expect(ids(middle.results)).toEqual([made[2], made[1]]);
    // DRF drops the offset from the first page's URL.
    expect(middle.previous).toBe(`http://localhost${url}?limit=2`);
    expect(middle.next).toBe(`http://localhost${url}?limit=2&offset=4`);
    const last = (await call(app, 'GET', `${url}?limit=2&offset=4`, { token })).body as Page;
    expect(ids(last.results)).toEqual([made[0]]);
    expect(last.next).toBeNull();
    expect(last.previous).toBe(`http://localhost${url}?limit=2&offset=2`);
  });

  it('keeps the other parameters in next and previous', async () => {
    const { token } = await userWithRecipes(3);
    const page = (await call(app, 'GET', `${url}?search=recipe&limit=1&offset=1`, { token })).body as Page;
    expect(page.next).toBe(`http://localhost${url}?search=recipe&limit=1&offset=2`);
    expect(page.previous).toBe(`http://localhost${url}?search=recipe&limit=1`);
  });

  it('gives each page the same items as the whole list, in the same order', async () => {
    const { token } = await userWithRecipes(7);
    const whole = ids((await call(app, 'GET', url, { token })).body);
    const pages = [];
    for (const offset of [0, 3, 6]) pages.push(...ids(((await call(app, 'GET', `${url}?limit=3&offset=${offset}`, { token })).body as Page).results));
    expect(pages).toEqual(whole);
  });

  it('answers an empty page beyond the end, and a zero count for a user without recipes', async () => {
    const { token } = await userWithRecipes(2);
    expect((await call(app, 'GET', `${url}?limit=10&offset=9007199254740991`, { token })).body).toMatchObject({ count: 2, results: [], next: null });
    const { token: newcomer } = await createAuthenticatedUser();
    await someoneElsesRecipes(['Theirs']);
    expect((await call(app, 'GET', `${url}?limit=10`, { token: newcomer })).body).toEqual({ count: 0, next: null, previous: null, results: [] });
  });

  it.each([['1000'], ['101'], ['99999999999999999999999']])('cuts ?limit=%s to 100, as DRF max_limit does', async (limit) => {
    const { user, token } = await createAuthenticatedUser();
    for (let i = 0; i < 101; i += 1) await createRecipe(user.id);
    const page = (await call(app, 'GET', `${url}?limit=${limit}`, { token })).body as Page;
    expect(page.results).toHaveLength(100);
    expect(page.next).toBe(`http://localhost${url}?limit=100&offset=100`);
  });

  it.each([
    ['limit=abc', { limit: ['A valid integer is required.'] }],
    ['limit=1.5', { limit: ['A valid integer is required.'] }],
    ['limit=', { limit: ['A valid integer is required.'] }],
    ['limit=0', { limit: ['Ensure this value is greater than or equal to 1.'] }],
    ['limit=-1', { limit: ['Ensure this value is greater than or equal to 1.'] }],
    ['limit=%00', { limit: ['A valid integer is required.'] }],
    ['limit=1&offset=-1', { offset: ['Ensure this value is greater than or equal to 0.'] }],
    ['limit=1&offset=x', { offset: ['A valid integer is required.'] }],
    ['limit=1&offset=99999999999999999999', { offset: ['Ensure this value is less than or equal to 9007199254740991.'] }],
    ['offset=5', { limit: ['Give limit with offset.'] }],
  ])('refuses ?%s with a 400 naming the parameter', async (query, errors) => {
    const { token } = await userWithRecipes(1);
    const response = await call(app, 'GET', `${url}?${query}`, { token });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(errors);
  });

  it('answers the plain list, exactly as before, without limit', async () => {
    const { token, ids: made } = await userWithRecipes(3);
    const response = await call(app, 'GET', url, { token });
    expect(ids(response.body)).toEqual([...made].reverse());
  });
});

describe('GET /api/recipe/recipes/?search=', () => {
  async function kitchen() {
    const { user, token } = await createAuthenticatedUser();
    const curry = await createRecipe(user.id, { title: 'Thai green curry', description: 'Hot and quick' });
    const brulee = await createRecipe(user.id, { title: 'Crème brûlée', description: 'A French dessert' });
    const salad = await createRecipe(user.id, { title: 'Salad', description: 'Fresh' });
    const soup = await createRecipe(user.id, { title: 'Soup', description: '' });
    const vegan = await createTag(user.id, 'Végan');
    await linkTag(salad.id, vegan.id);
    const coconut = await createIngredient(user.id, 'Coconut milk');
    await linkIngredient(curry.id, coconut.id);
    await linkIngredient(soup.id, coconut.id);
    return { user, token, curry, brulee, salad, soup };
  }

  it.each([
    ['curry', ['Thai green curry']],
    ['CURRY', ['Thai green curry']],
    ['urr', ['Thai green curry']],
    ['creme', ['Crème brûlée']],
    ['BRULEE', ['Crème brûlée']],
    ['brûl', ['Crème brûlée']],
    ['french', ['Crème brûlée']],
    ['vegan', ['Salad']],
    ['coconut', ['Soup', 'Thai green curry']],
    ['curry coconut', ['Thai green curry']],
    ['coconut   curry', ['Thai green curry']],
    ['coconut,thai', ['Thai green curry']],
    ['quick hot', ['Thai green curry']],
    ['curry salad', []],
    ['%', []],
    ['_', []],
    ['', ['Soup', 'Salad', 'Crème brûlée', 'Thai green curry']],
  ])('?search=%s matches title, description, tag and ingredient names, every word, any case and accent', async (search, expected) => {
    const { token } = await kitchen();
    const response = await call(app, 'GET', `${url}?search=${encodeURIComponent(search)}`, { token });
    expect(response.status).toBe(200);
    expect(titles(response.body)).toEqual(expected);
  });

  it("never finds another user's recipes, tags or ingredients, nor counts them", async () => {
    const { token } = await kitchen();
    const other = await someoneElsesRecipes(['Red curry', 'Other salad']);
    const tag = await createTag(other.id, 'Vegan');
    const theirs = await createRecipe(other.id, { title: 'Tofu' });
    await linkTag(theirs.id, tag.id);
    expect(titles((await call(app, 'GET', `${url}?search=curry`, { token })).body)).toEqual(['Thai green curry']);
    expect(titles((await call(app, 'GET', `${url}?search=vegan`, { token })).body)).toEqual(['Salad']);
    expect((await call(app, 'GET', `${url}?search=curry&limit=10`, { token })).body).toMatchObject({ count: 1 });
  });

  it('combines with the filters and paging', async () => {
    const { user, token, curry, soup } = await kitchen();
    const dinner = await createTag(user.id, 'Dinner');
    await linkTag(curry.id, dinner.id);
    await linkTag(soup.id, dinner.id);
    const response = await call(app, 'GET', `${url}?search=coconut&tags=${dinner.id}&max_time=100&limit=1`, { token });
    expect(response.body).toMatchObject({ count: 2, results: [{ title: 'Soup' }] });
  });

  it('counts the matches on a page past them, and on an ordered page', async () => {
    const { token } = await kitchen();
    expect((await call(app, 'GET', `${url}?search=coconut&limit=1&offset=5`, { token })).body).toMatchObject({ count: 2, results: [], next: null });
    expect((await call(app, 'GET', `${url}?search=nothing&limit=1`, { token })).body).toEqual({ count: 0, next: null, previous: null, results: [] });
    const ordered = (await call(app, 'GET', `${url}?search=coconut&ordering=title&limit=1`, { token })).body as Page;
    expect(ordered).toMatchObject({ count: 2, results: [{ title: 'Soup' }], next: `http://localhost${url}?search=coconut&ordering=title&limit=1&offset=1` });
    expect(Object.keys(ordered.results[0] ?? {})).toEqual(['id', 'title', 'time_minutes', 'price', 'link', 'tags', 'ingredients']);
  });

  it.each([
    ['a%00b', { search: ['Null characters are not allowed.'] }],
    ['x'.repeat(256), { search: ['Ensure this field has no more than 255 characters.'] }],
    ['a b c d e f g h i j k', { search: ['Search for at most 10 words.'] }],
  ])('refuses ?search=%s with a 400', async (search, errors) => {
    const { token } = await kitchen();
    const response = await call(app, 'GET', `${url}?search=${search.replaceAll(' ', '+')}`, { token });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(errors);
  });
});

describe('GET /api/recipe/recipes/?ordering=', () => {
  async function menu() {
    const { user, token } = await createAuthenticatedUser();
    const made = [];
    for (const [title, time_minutes, price] of [
      ['banana bread', 60, '4.00'],
      ['Éclair', 45, '2.50'],
      ['apple pie', 50, '4.00'],
      ['Zucchini soup', 30, '3.10'],
      ['eclair', 45, '9.00'],
      ['Apple crumble', 40, '12.00'],
    ] as const) {
      made.push(await createRecipe(user.id, { title, time_minutes, price }));
    }
    return { token, made };
  }

  it.each([
    ['title', ['Apple crumble', 'apple pie', 'banana bread', 'eclair', 'Éclair', 'Zucchini soup']],
    ['-title', ['Zucchini soup', 'Éclair', 'eclair', 'banana bread', 'apple pie', 'Apple crumble']],
    ['time_minutes', ['Zucchini soup', 'Apple crumble', 'Éclair', 'eclair', 'apple pie', 'banana bread']],
    ['-time_minutes,title', ['banana bread', 'apple pie', 'eclair', 'Éclair', 'Apple crumble', 'Zucchini soup']],
    ['price,-title', ['Éclair', 'Zucchini soup', 'banana bread', 'apple pie', 'eclair', 'Apple crumble']],
    ['-price', ['Apple crumble', 'eclair', 'apple pie', 'banana bread', 'Zucchini soup', 'Éclair']],
    ['id', ['banana bread', 'Éclair', 'apple pie', 'Zucchini soup', 'eclair', 'Apple crumble']],
    ['-id', ['Apple crumble', 'eclair', 'Zucchini soup', 'apple pie', 'Éclair', 'banana bread']],
    [' title , ', ['Apple crumble', 'apple pie', 'banana bread', 'eclair', 'Éclair', 'Zucchini soup']],
    ['', ['Apple crumble', 'eclair', 'Zucchini soup', 'apple pie', 'Éclair', 'banana bread']],
  ])('?ordering=%s orders as a person reads: case and accents beside their letter, ties by id', async (ordering, expected) => {
    const { token } = await menu();
    const response = await call(app, 'GET', `${url}?ordering=${encodeURIComponent(ordering)}`, { token });
    expect(response.status).toBe(200);
    expect(titles(response.body)).toEqual(expected);
  });

  it('pages in that order', async () => {
    const { token } = await menu();
    const page = (await call(app, 'GET', `${url}?ordering=title&limit=2&offset=2`, { token })).body as Page;
    expect(titles(page.results)).toEqual(['banana bread', 'eclair']);
    expect(page.next).toBe(`http://localhost${url}?ordering=title&limit=2&offset=4`);
  });

  it.each([['name'], ['title,foo'], ['--title'], ['-'], ['ti%00tle'], ['user_id'], ['description']])('refuses ?ordering=%s with a 400', async (ordering) => {
    const { token } = await menu();
    const response = await call(app, 'GET', `${url}?ordering=${ordering}`, { token });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ ordering: [expect.stringMatching(/^Unknown ordering field ".*": choose from title, time_minutes, price, id/)] });
  });
});

describe('GET /api/recipe/recipes/ with tags_all, ingredients_all, max_time, max_price', () => {
  async function pantry() {
    const { user, token } = await createAuthenticatedUser();
    const quick = await createTag(user.id, 'Quick');
    const cheap = await createTag(user.id, 'Cheap');
    const salt = await createIngredient(user.id, 'Salt');
    const egg = await createIngredient(user.id, 'Egg');
    const both = await createRecipe(user.id, { title: 'Both tags', time_minutes: 10, price: '2.00' });
    const one = await createRecipe(user.id, { title: 'One tag', time_minutes: 20, price: '5.50' });
    await createRecipe(user.id, { title: 'No tag', time_minutes: 90, price: '30.00' });
    await linkTag(both.id, quick.id);
    await linkTag(both.id, cheap.id);
    await linkTag(one.id, quick.id);
    await linkIngredient(both.id, salt.id);
    await linkIngredient(one.id, salt.id);
    await linkIngredient(one.id, egg.id);
    return { user, token, quick, cheap, salt, egg };
  }

  it('keeps recipes having all the tags with tags_all, any of them with tags', async () => {
    const { token, quick, cheap } = await pantry();
    expect(titles((await call(app, 'GET', `${url}?tags_all=${quick.id},${cheap.id}`, { token })).body)).toEqual(['Both tags']);
    expect(titles((await call(app, 'GET', `${url}?tags_all=${quick.id},${quick.id}`, { token })).body)).toEqual(['One tag', 'Both tags']);
    expect(titles((await call(app, 'GET', `${url}?tags=${quick.id},${cheap.id}`, { token })).body)).toEqual(['One tag', 'Both tags']);
  });

  it('keeps recipes having all the ingredients with ingredients_all', async () => {
    const { token, salt, egg } = await pantry();
    expect(titles((await call(app, 'GET', `${url}?ingredients_all=${salt.id},${egg.id}`, { token })).body)).toEqual(['One tag']);
  });

  it("matches nothing with an id that is not the caller's, or cannot exist", async () => {
    const { token, quick } = await pantry();
    const other = await createUser();
    const theirs = await createTag(other.id, 'Quick');
    expect(titles((await call(app, 'GET', `${url}?tags_all=${quick.id},${theirs.id}`, { token })).body)).toEqual([]);
    expect(titles((await call(app, 'GET', `${url}?tags_all=${quick.id},99999999999999999999999`, { token })).body)).toEqual([]);
    expect(titles((await call(app, 'GET', `${url}?tags_all=-${quick.id}`, { token })).body)).toEqual([]);
  });

  it('keeps recipes within max_time and max_price, bounds included', async () => {
    const { token } = await pantry();
    expect(titles((await call(app, 'GET', `${url}?max_time=20`, { token })).body)).toEqual(['One tag', 'Both tags']);
    expect(titles((await call(app, 'GET', `${url}?max_time=0`, { token })).body)).toEqual([]);
    expect(titles((await call(app, 'GET', `${url}?max_time=99999999999999999999`, { token })).body)).toHaveLength(3);
    expect(titles((await call(app, 'GET', `${url}?max_price=5.5`, { token })).body)).toEqual(['One tag', 'Both tags']);
    expect(titles((await call(app, 'GET', `${url}?max_price=2`, { token })).body)).toEqual(['Both tags']);
    expect(titles((await call(app, 'GET', `${url}?max_price=1.99`, { token })).body)).toEqual([]);
    expect(titles((await call(app, 'GET', `${url}?max_price=${'9'.repeat(400)}`, { token })).body)).toHaveLength(3);
    expect((await call(app, 'GET', `${url}?max_price=6&max_time=15&limit=5`, { token })).body).toMatchObject({ count: 1, results: [{ title: 'Both tags' }] });
  });

  it.each([
    ['tags_all=abc', { tags_all: ['Enter a comma-separated list of ids.'] }],
    ['ingredients_all=1,,2', { ingredients_all: ['Enter a comma-separated list of ids.'] }],
    ['tags_all=1%00', { tags_all: ['Enter a comma-separated list of ids.'] }],
    ['max_time=abc', { max_time: ['Enter a whole number.'] }],
    ['max_time=1.5', { max_time: ['Enter a whole number.'] }],
    ['max_time=-1', { max_time: ['Ensure this value is greater than or equal to 0.'] }],
    ['max_time=%00', { max_time: ['Enter a whole number.'] }],
    ['max_price=abc', { max_price: ['Enter a number.'] }],
    ['max_price=1e3', { max_price: ['Enter a number.'] }],
    ['max_price=-1', { max_price: ['Ensure this value is greater than or equal to 0.'] }],
    ['max_price=NaN', { max_price: ['Enter a number.'] }],
    ['max_price=1%00', { max_price: ['Enter a number.'] }],
    ['max_time=x&max_price=y&limit=z', { max_time: ['Enter a whole number.'], max_price: ['Enter a number.'], limit: ['A valid integer is required.'] }],
  ])('refuses ?%s with a 400 naming each bad parameter', async (query, errors) => {
    const { token } = await pantry();
    const response = await call(app, 'GET', `${url}?${query}`, { token });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(errors);
  });

  it('ignores parameters it does not know, as before', async () => {
    const { token } = await pantry();
    expect(titles((await call(app, 'GET', `${url}?colour=red`, { token })).body)).toHaveLength(3);
  });
});
