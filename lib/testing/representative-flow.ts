// The API's everyday use, end to end, against any way of reaching it (an
// emulator process, a bundle): sign-up, login, recipes with tags and
// ingredients created, listed, filtered, updated and deleted, the tag and
// ingredient lists, and 20 parallel creates naming one new tag.
import { expect } from 'vitest';

export interface FlowResponse {
  readonly status: number;
  readonly body: unknown;
}

export type Send = (method: string, path: string, options?: { json?: unknown; token?: string }) => Promise<FlowResponse>;

interface Recipe {
  id: number;
  title: string;
  tags: { id: number; name: string }[];
  ingredients: { id: number; name: string }[];
}

export async function runRepresentativeFlow(send: Send): Promise<void> {
  const credentials = { email: 'cook@example.com', password: 'a long pass phrase' };
  const created = await send('POST', '/api/user/create/', { json: { ...credentials, name: 'Cook' } });
  expect(created).toEqual({ status: 201, body: { email: credentials.email, name: 'Cook' } });
  const login = await send('POST', '/api/user/token/', { json: credentials });
  expect(login.status).toBe(200);
  const { token } = login.body as { token: string };

  const soup = await send('POST', '/api/recipe/recipes/', {
    token,
    json: { title: 'Soup', time_minutes: 20, price: '4.50', tags: [{ name: 'Vegan' }, { name: 'Quick' }], ingredients: [{ name: 'Leek' }] },
  });
  expect(soup.status).toBe(201);
  const cake = await send('POST', '/api/recipe/recipes/', {
    token,
    json: { title: 'Cake', time_minutes: 60, price: '8.00', tags: [{ name: 'Sweet' }], ingredients: [{ name: 'Flour' }, { name: 'Leek' }] },
  });
  expect(cake.status).toBe(201);
  const soupId = (soup.body as Recipe).id;

  const list = await send('GET', '/api/recipe/recipes/', { token });
  expect(list.status).toBe(200);
  expect((list.body as Recipe[]).map(({ title }) => title)).toEqual(['Cake', 'Soup']);
  const vegan = (soup.body as Recipe).tags.find(({ name }) => name === 'Vegan')?.id;
  const filtered = await send('GET', `/api/recipe/recipes/?tags=${String(vegan)}`, { token });
  expect((filtered.body as Recipe[]).map(({ title }) => title)).toEqual(['Soup']);

  const updated = await send('PATCH', `/api/recipe/recipes/${String(soupId)}/`, { token, json: { title: 'Leek soup', tags: [{ name: 'Winter' }] } });
  expect(updated.status).toBe(200);
  expect(updated.body).toMatchObject({ title: 'Leek soup', tags: [{ name: 'Winter' }], ingredients: [{ name: 'Leek' }] });

  // Twenty clients at once name one new tag: each recipe gets it, the tag exists once.
  const parallel = await Promise.all(
    Array.from({ length: 20 }, (_, i) => send('POST', '/api/recipe/recipes/', { token, json: { title: `Batch ${String(i)}`, time_minutes: 5, price: '1.00', tags: [{ name: 'Batch' }] } })),
  );
  expect(parallel.map(({ status }) => status)).toEqual(Array.from({ length: 20 }, () => 201));
  const tagIds = new Set(parallel.map(({ body }) => (body as Recipe).tags[0]?.id));
  expect(tagIds.size).toBe(1);

  const tags = await send('GET', '/api/recipe/tags/', { token });
  expect(tags.status).toBe(200);
  expect((tags.body as { name: string }[]).map(({ name }) => name).sort()).toEqual(['Batch', 'Quick', 'Sweet', 'Vegan', 'Winter']);
  const ingredients = await send('GET', '/api/recipe/ingredients/?assigned_only=1', { token });
  expect((ingredients.body as { name: string }[]).map(({ name }) => name).sort()).toEqual(['Flour', 'Leek']);

  expect((await send('DELETE', `/api/recipe/recipes/${String(soupId)}/`, { token })).status).toBe(204);
  expect((await send('GET', `/api/recipe/recipes/${String(soupId)}/`, { token })).status).toBe(404);
  const me = await send('GET', '/api/user/me/', { token });
  expect(me).toEqual({ status: 200, body: { email: credentials.email, name: 'Cook' } });
}

/** A Send over HTTP to a running server. */
export function sendOverHttp(baseUrl: string): Send {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = {};
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    if (options.token !== undefined) headers.authorization = `Token ${options.token}`;
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: options.json === undefined ? undefined : JSON.stringify(options.json), redirect: 'manual' });
    const text = await response.text();
    return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
  };
}
