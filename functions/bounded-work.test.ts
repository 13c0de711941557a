// One request's work is bounded: a recipe has at most 100 tags and 100
// ingredients, refused in DRF's words before any of them is looked at, and a
// filter names at most 100 ids.
import { describe, expect, it } from 'vitest';
import { call } from '../lib/testing/api.ts';
import { createAuthenticatedUser } from '../lib/testing/factories.ts';
import { countRows, createRecipe, loadRecipe } from '../lib/testing/recipe-factories.ts';
import recipeDetail from './recipe-detail.ts';
import recipeList from './recipe-list.ts';

const recipe = { title: 'Soup', time_minutes: 10, price: '1.00' };
const named = (count: number) => Array.from({ length: count }, (_, n) => ({ name: `Name ${n}` }));

describe.each(['tags', 'ingredients'] as const)('a recipe\'s %s', (field) => {
  const tooMany = { [field]: ['Ensure this field has no more than 100 elements.'] };

  it('may be 100', async () => {
    const { token } = await createAuthenticatedUser();
    const response = await call(recipeList, 'POST', '/api/recipe/recipes/', { token, json: { ...recipe, [field]: named(100) } });
    expect(response.status).toBe(201);
    expect((response.body as Record<string, unknown[]>)[field]).toHaveLength(100);
  });

  it('may not be 101: a 400 in DRF\'s words, and nothing is written', async () => {
    const { token } = await createAuthenticatedUser();
    const response = await call(recipeList, 'POST', '/api/recipe/recipes/', { token, json: { ...recipe, [field]: named(101) } });
    expect(response).toMatchObject({ status: 400, body: tooMany });
    expect(await countRows()).toMatchObject({ recipes: 0, tags: 0, ingredients: 0 });
  });

  it('are counted before any item is checked: 62,000 bad items give one message', async () => {
    const { token } = await createAuthenticatedUser();
    const response = await call(recipeList, 'POST', '/api/recipe/recipes/', { token, json: { ...recipe, [field]: Array.from({ length: 62_000 }, () => 7) } });
    expect(response).toMatchObject({ status: 400, body: tooMany });
  });

  it.each(['PUT', 'PATCH'])('may not become 101 through %s, and the recipe stays as it was', async (method) => {
    const { user, token } = await createAuthenticatedUser();
    const { id } = await createRecipe(user.id, { title: 'Before' });
    const response = await call(recipeDetail, method, `/api/recipe/recipes/${id}/`, { token, json: { ...recipe, [field]: named(101) } });
    expect(response).toMatchObject({ status: 400, body: tooMany });
    expect(await loadRecipe(id)).toMatchObject({ title: 'Before', tags: [], ingredients: [] });
  });

  it('filter the list by at most 100 ids', async () => {
    const { token } = await createAuthenticatedUser();
    const ids = (count: number) => Array.from({ length: count }, (_, n) => n + 1).join(',');
    expect((await call(recipeList, 'GET', `/api/recipe/recipes/?${field}=${ids(100)}`, { token })).status).toBe(200);
    const response = await call(recipeList, 'GET', `/api/recipe/recipes/?${field}=${ids(101)}`, { token });
    expect(response).toMatchObject({ status: 400, body: tooMany });
  });
});
