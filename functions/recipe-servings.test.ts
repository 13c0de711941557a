// servings: optional, positive, null when not said; DRF's words for the rest.
import { describe, expect, it } from 'vitest';
import { call } from '../lib/testing/api.ts';
import { createAuthenticatedUser } from '../lib/testing/factories.ts';
import { createRecipe, loadRecipe } from '../lib/testing/recipe-factories.ts';
import detail from './recipe-detail.ts';
import list from './recipe-list.ts';

const url = '/api/recipe/recipes/';
const payload = { title: 'Soup', time_minutes: 20, price: '5.50' };

describe('servings', () => {
  it('is null when not given, stored and shown when given, after link', async () => {
    const { token } = await createAuthenticatedUser();
    const without = await call(list, 'POST', url, { token, json: payload });
    expect(without.body).toMatchObject({ servings: null });
    const created = await call(list, 'POST', url, { token, json: { ...payload, servings: '4' } });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body as object)).toEqual(['id', 'title', 'time_minutes', 'price', 'link', 'servings', 'tags', 'ingredients', 'description', 'image']);
    const { id } = created.body as { id: number };
    expect((await loadRecipe(id))?.servings).toBe(4);
    expect((await call(list, 'GET', url, { token })).body).toEqual([expect.objectContaining({ id, servings: 4 }), expect.objectContaining({ servings: null })]);
  });

  it('is changed by PATCH, to null too', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id, { servings: 2 });
    expect((await call(detail, 'PATCH', `${url}${recipe.id}/`, { token, json: { servings: 6 } })).body).toMatchObject({ servings: 6 });
    expect((await call(detail, 'PATCH', `${url}${recipe.id}/`, { token, json: { servings: null } })).body).toMatchObject({ servings: null });
  });

  it('refuses zero, a negative number and text with DRF\'s words, and writes nothing', async () => {
    const { token } = await createAuthenticatedUser();
    for (const [servings, message] of [[0, 'Ensure this value is greater than or equal to 1.'], [-2, 'Ensure this value is greater than or equal to 1.'], ['many', 'A valid integer is required.'], [2.5, 'A valid integer is required.']] as const) {
      const response = await call(list, 'POST', url, { token, json: { ...payload, servings } });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ servings: [message] });
    }
    expect((await call(list, 'GET', url, { token })).body).toEqual([]);
  });
});
