// The tag and ingredient lists' parameters beyond the original: ?limit=,
// ?offset= and ?search=, for each kind.
import { describe, expect, it } from 'vitest';
import { call } from '../lib/testing/api.ts';
import { createAuthenticatedUser, createUser } from '../lib/testing/factories.ts';
import { createIngredient, createRecipe, createTag, linkIngredient, linkTag } from '../lib/testing/recipe-factories.ts';
import ingredientList from './ingredient-list.ts';
import tagList from './tag-list.ts';

const kinds = [
  { kind: 'tags', listApp: tagList, create: createTag, link: linkTag },
  { kind: 'ingredients', listApp: ingredientList, create: createIngredient, link: linkIngredient },
] as const;

const names = (items: unknown) => (items as { name: string }[]).map(({ name }) => name);

describe.each(kinds)('GET /api/recipe/$kind/ with paging and search', ({ kind, listApp, create, link }) => {
  const url = `/api/recipe/${kind}/`;

  async function userWith(itemNames: readonly string[]) {
    const { user, token } = await createAuthenticatedUser();
    const items = [];
    for (const name of itemNames) items.push(await create(user.id, name));
    return { user, token, items };
  }

  it('answers a DRF page, by name descending, counting only the caller\'s', async () => {
    const { token } = await userWith(['Apple', 'Basil', 'Chili', 'Dill']);
    const other = await createUser();
    await create(other.id, 'Elsewhere');
    const first = await call(listApp, 'GET', `${url}?limit=3`, { token });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ count: 4, next: `http://localhost${url}?limit=3&offset=3`, previous: null });
    expect(names((first.body as { results: unknown }).results)).toEqual(['Dill', 'Chili', 'Basil']);
    const second = (await call(listApp, 'GET', `${url}?limit=3&offset=3`, { token })).body as { results: unknown; next: unknown; previous: unknown };
    expect(names(second.results)).toEqual(['Apple']);
    expect(second.next).toBeNull();
    expect(second.previous).toBe(`http://localhost${url}?limit=3`);
  });

  it('searches names by every word, in any case and accent, part of a word; with assigned_only and paging', async () => {
    const { user, token, items } = await userWith(['Crème fraîche', 'Cream cheese', 'Sour cream', 'Salt']);
    const other = await createUser();
    await create(other.id, 'Creme brulee');
    expect(names((await call(listApp, 'GET', `${url}?search=CREME`, { token })).body)).toEqual(['Crème fraîche']);
    expect(names((await call(listApp, 'GET', `${url}?search=cre`, { token })).body)).toEqual(['Sour cream', 'Crème fraîche', 'Cream cheese']);
    expect(names((await call(listApp, 'GET', `${url}?search=cream+sour`, { token })).body)).toEqual(['Sour cream']);
    expect(names((await call(listApp, 'GET', `${url}?search=%25`, { token })).body)).toEqual([]);
    const recipe = await createRecipe(user.id);
    await link(recipe.id, (items[1] as { id: number }).id);
    expect(names((await call(listApp, 'GET', `${url}?search=cre&assigned_only=1`, { token })).body)).toEqual(['Cream cheese']);
    expect((await call(listApp, 'GET', `${url}?search=cre&limit=1&offset=1`, { token })).body).toEqual({
      count: 3,
      next: `http://localhost${url}?search=cre&limit=1&offset=2`,
      previous: `http://localhost${url}?search=cre&limit=1`,
      results: [expect.objectContaining({ name: 'Crème fraîche' })],
    });
  });

  it.each([
    ['limit=abc', { limit: ['A valid integer is required.'] }],
    ['limit=-3', { limit: ['Ensure this value is greater than or equal to 1.'] }],
    ['limit=2&offset=1.5', { offset: ['A valid integer is required.'] }],
    ['limit=2&offset=999999999999999999999', { offset: ['Ensure this value is less than or equal to 9007199254740991.'] }],
    ['offset=2', { limit: ['Give limit with offset.'] }],
    ['search=a%00', { search: ['Null characters are not allowed.'] }],
    ['assigned_only=%00', { assigned_only: ['Select a valid choice.  is not one of the available choices.'] }],
  ])('refuses ?%s with a 400', async (query, errors) => {
    const { token } = await userWith(['Salt']);
    const response = await call(listApp, 'GET', `${url}?${query}`, { token });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(errors);
  });

  it('cuts a huge limit to 100', async () => {
    const { token } = await userWith(['Salt']);
    expect((await call(listApp, 'GET', `${url}?limit=99999999999999999999`, { token })).body).toMatchObject({ count: 1, next: null });
  });
});
