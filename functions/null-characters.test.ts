// PostgreSQL refuses a NUL byte in text, even in a comparison: every string
// that could reach it is refused first with DRF's words, on every endpoint
// and through every body format, and nothing is written.
import { describe, expect, it } from 'vitest';
import { getDb } from '../lib/database/pool.ts';
import { logInAsStaff } from '../lib/testing/admin-client.ts';
import { call } from '../lib/testing/api.ts';
import { createAuthenticatedUser, createUser, defaultPassword } from '../lib/testing/factories.ts';
import { countRows, createRecipe, createTag } from '../lib/testing/recipe-factories.ts';
import * as users from '../lib/repositories/users.ts';
import adminIngredients from './admin-ingredients.ts';
import adminLogin from './admin-login.ts';
import adminRecipes from './admin-recipes.ts';
import adminTags from './admin-tags.ts';
import adminUsers from './admin-users.ts';
import recipeDetail from './recipe-detail.ts';
import recipeList from './recipe-list.ts';
import tagDetail from './tag-detail.ts';
import userCreate from './user-create.ts';
import userMe from './user-me.ts';
import userToken from './user-token.ts';

const nul = 'a\u0000b';
const refused = ['Null characters are not allowed.'];
const recipe = { title: 'Soup', time_minutes: '10', price: '1.00' };

type Format = 'json' | 'form' | 'multipart';
const formats: Format[] = ['json', 'form', 'multipart'];

async function send(app: Parameters<typeof call>[0], method: string, path: string, format: Format, fields: Record<string, string>, token?: string) {
  if (format !== 'multipart') {
    const { status, body } = await call(app, method, path, format === 'json' ? { json: fields, token } : { form: fields, token });
    return { status, body };
  }
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const headers = token === undefined ? {} : { authorization: `Token ${token}` };
  const response = await app.request(path, { method, body: form, headers });
  return { status: response.status, body: (await response.json()) };
}

describe.each(formats)('a NUL character in a %s body', (format) => {
  it('is refused in the email at sign-up, and no user is made', async () => {
    const response = await send(userCreate, 'POST', '/api/user/create/', format, { email: `${nul}@example.com`, password: 'pass12345', name: 'Nul' });
    expect(response).toMatchObject({ status: 400, body: { email: refused } });
    expect(await users.listUsers(getDb(), { search: '' }, 1, 10)).toMatchObject({ users: [] });
  });

  it('is refused in the name and password at sign-up', async () => {
    const response = await send(userCreate, 'POST', '/api/user/create/', format, { email: 'nul@example.com', password: `pass${nul}1234`, name: nul });
    expect(response).toMatchObject({ status: 400, body: { password: refused, name: refused } });
  });

  it('is refused in the email or password of a login', async () => {
    const user = await createUser();
    for (const fields of [{ email: `${nul}@example.com`, password: defaultPassword }, { email: user.email, password: `${defaultPassword}\u0000` }]) {
      const response = await send(userToken, 'POST', '/api/user/token/', format, fields);
      expect(response).toEqual({ status: 400, body: { [fields.email === user.email ? 'password' : 'email']: refused } });
    }
  });

  it.each(['PUT', 'PATCH'])('is refused in the email of %s /api/user/me/, which stays as it was', async (method) => {
    const { user, token } = await createAuthenticatedUser();
    const response = await send(userMe, method, '/api/user/me/', format, { email: `${nul}@example.com`, password: 'pass12345', name: 'Nul' }, token);
    expect(response).toMatchObject({ status: 400, body: { email: refused } });
    expect((await users.findUserById(getDb(), user.id))?.email).toBe(user.email);
  });

  it.each(['title', 'link', 'description'])('is refused in a new recipe\'s %s, and nothing is written', async (field) => {
    const { token } = await createAuthenticatedUser();
    const response = await send(recipeList, 'POST', '/api/recipe/recipes/', format, { ...recipe, [field]: nul }, token);
    expect(response).toEqual({ status: 400, body: { [field]: refused } });
    expect((await countRows()).recipes).toBe(0);
  });

  it.each(['PUT', 'PATCH'])('is refused in the title of %s on a recipe', async (method) => {
    const { user, token } = await createAuthenticatedUser();
    const { id } = await createRecipe(user.id);
    const response = await send(recipeDetail, method, `/api/recipe/recipes/${id}/`, format, { ...recipe, title: nul }, token);
    expect(response).toEqual({ status: 400, body: { title: refused } });
  });

  it('is refused in a tag\'s new name', async () => {
    const { user, token } = await createAuthenticatedUser();
    const tag = await createTag(user.id, 'Vegan');
    const response = await send(tagDetail, 'PATCH', `/api/recipe/tags/${tag.id}/`, format, { name: nul }, token);
    expect(response).toEqual({ status: 400, body: { name: refused } });
  });
});

describe('a NUL character in JSON lists', () => {
  it.each(['tags', 'ingredients'])('is refused in the name of one of a recipe\'s %s', async (field) => {
    const { token } = await createAuthenticatedUser();
    const response = await call(recipeList, 'POST', '/api/recipe/recipes/', { token, json: { ...recipe, [field]: [{ name: 'fine' }, { name: nul }] } });
    expect(response).toMatchObject({ status: 400, body: { [field]: [{}, { name: refused }] } });
    expect(await countRows()).toMatchObject({ recipes: 0, tags: 0, ingredients: 0 });
  });
});

describe('a NUL character in the admin', () => {
  it('is a form error on the login page, never a 500', async () => {
    const { client } = await logInAsStaff();
    const response = await client.post(adminLogin, '/admin/login/', { email: `${nul}@example.com`, password: defaultPassword, next: '/admin/' });
    expect(response.status).toBe(400);
    expect(response.text).toContain('Null characters are not allowed.');
  });

  it.each([
    ['users', adminUsers],
    ['recipes', adminRecipes],
    ['tags', adminTags],
    ['ingredients', adminIngredients],
  ] as const)('is a clear 400 page in the search of /admin/%s/', async (kind, app) => {
    const { client } = await logInAsStaff();
    const response = await client.get(app, `/admin/${kind}/?q=${encodeURIComponent(nul)}`);
    expect(response.status).toBe(400);
    expect(response.text).toContain('Null characters are not allowed.');
  });

  it('is a form error when adding or editing a user', async () => {
    const { client, user } = await logInAsStaff();
    await client.get(adminUsers, '/admin/users/add/');
    const added = await client.post(adminUsers, '/admin/users/add/', { email: `${nul}@example.com`, password: 'pass12345', password_confirmation: 'pass12345', name: 'Nul' });
    expect(added.status).toBe(400);
    expect(added.text).toContain('Null characters are not allowed.');
    await client.get(adminUsers, `/admin/users/${user.id}/`);
    const edited = await client.post(adminUsers, `/admin/users/${user.id}/`, { email: `${nul}@example.com`, name: 'Nul' });
    expect(edited.status).toBe(400);
    expect(edited.text).toContain('Null characters are not allowed.');
  });

  it('is a form error when editing a recipe', async () => {
    const { client, user } = await logInAsStaff();
    const { id } = await createRecipe(user.id);
    await client.get(adminRecipes, `/admin/recipes/${id}/`);
    const response = await client.post(adminRecipes, `/admin/recipes/${id}/`, { ...recipe, title: nul, link: '', description: '' });
    expect(response.status).toBe(400);
    expect(response.text).toContain('Null characters are not allowed.');
  });
});
