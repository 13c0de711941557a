// Tokens a user manages: list, make, revoke; expiry, "last used", and a new
// password revoking the others.
import type { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { getDb } from '../lib/database/pool.ts';
import { call } from '../lib/testing/api.ts';
import { createAuthenticatedUser, defaultPassword } from '../lib/testing/factories.ts';
import { loadWithSettings } from '../lib/testing/settings.ts';
import recipeList from './recipe-list.ts';
import userMe from './user-me.ts';
import logInApp from './user-token.ts';
import detailApp from './user-token-detail.ts';
import app from './user-tokens.ts';

const url = '/api/user/tokens/';
const detailUrl = (id: number | string) => `/api/user/tokens/${id}/`;

interface TokenJson {
  id: number;
  name: string;
  created: string;
  last_used: string | null;
  expires: string | null;
  current: boolean;
  key?: string;
}

async function listed(token: string): Promise<TokenJson[]> {
  const response = await call(app, 'GET', url, { token });
  expect(response.status).toBe(200);
  return response.body as TokenJson[];
}

async function make(token: string, json: unknown) {
  return call(app, 'POST', url, { token, json });
}

/** Whether `key` still authenticates. */
async function works(key: string): Promise<boolean> {
  return (await call(userMe, 'GET', '/api/user/me/', { token: key })).status === 200;
}

const daysFromNow = (iso: string | null) => (iso === null ? null : Math.round((Date.parse(iso) - Date.now()) / 86_400_000));

describe('/api/user/tokens/ without credentials', () => {
  it.each([
    ['GET', url],
    ['POST', url],
    ['DELETE', detailUrl(1)],
  ])('refuses %s %s with 401', async (method, path) => {
    const response = await call(path === url ? app : detailApp, method, path, { json: method === 'POST' ? { name: 'x' } : undefined });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ detail: 'Authentication credentials were not provided.' });
  });
});

describe('GET /api/user/tokens/', () => {
  it("lists the caller's tokens newest first, marks the current one, and never shows a key or another user's token", async () => {
    const { token } = await createAuthenticatedUser();
    await createAuthenticatedUser();
    const made = (await make(token, { name: 'backup script' })).body as TokenJson;
    const response = await call(app, 'GET', url, { token });
    expect(response.body).toEqual([
      { id: made.id, name: 'backup script', created: expect.any(String) as unknown, last_used: null, expires: null, current: false },
      { id: expect.any(Number) as unknown, name: '', created: expect.any(String) as unknown, last_used: expect.any(String) as unknown, expires: null, current: true },
    ]);
    expect(response.text).not.toContain(made.key);
    expect(response.text).not.toContain(token);
    const count = await getDb().selectFrom('tokens').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(count.n).toBe(3);
    expect((await listed(made.key ?? '')).map(({ current }) => current)).toEqual([true, false]);
  });

  it('leaves out expired tokens, which no longer authenticate', async () => {
    const { token } = await createAuthenticatedUser();
    const old = (await make(token, { name: 'old' })).body as TokenJson;
    await getDb().updateTable('tokens').set({ expires: new Date(Date.now() - 1000) }).where('id', '=', old.id).execute();
    expect((await listed(token)).map(({ name }) => name)).toEqual(['']);
    const response = await call(userMe, 'GET', '/api/user/me/', { token: old.key });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ detail: 'Invalid token.' });
  });
});

describe('last used', () => {
  async function lastUsed(id: number): Promise<Date | null> {
    return (await getDb().selectFrom('tokens').select('last_used').where('id', '=', id).executeTakeFirstOrThrow()).last_used;
  }

  it('is noted on first use, then at most once a minute', async () => {
    const { token } = await createAuthenticatedUser();
    const made = (await make(token, { name: 'script' })).body as TokenJson;
    const key = made.key ?? '';
    expect(await lastUsed(made.id)).toBeNull();
    expect(await works(key)).toBe(true);
    const first = await lastUsed(made.id);
    expect(first).not.toBeNull();
    for (let i = 0; i < 3; i += 1) expect(await works(key)).toBe(true);
    expect(await lastUsed(made.id)).toEqual(first);
    // Over a minute later, the next use notes it again.
    const earlier = new Date(Date.now() - 61_000);
    await getDb().updateTable('tokens').set({ last_used: earlier }).where('id', '=', made.id).execute();
    expect(await works(key)).toBe(true);
    expect((await lastUsed(made.id))?.getTime()).toBeGreaterThan(earlier.getTime());
  });
});

describe('POST /api/user/tokens/', () => {
  it('makes a named token and shows its key once; the key authenticates', async () => {
    const { token } = await createAuthenticatedUser();
    const response = await make(token, { name: '  CI deploy  ' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.any(Number) as unknown,
      name: 'CI deploy',
      created: expect.any(String) as unknown,
      last_used: null,
      expires: null,
      current: false,
      key: expect.stringMatching(/^[0-9a-f]{40}$/) as unknown,
    });
    const { key } = response.body as TokenJson;
    expect(await works(key ?? '')).toBe(true);
    expect(JSON.stringify(await listed(token))).not.toContain(key);
  });

  it('takes an expiry in days, and a form body', async () => {
    const { token } = await createAuthenticatedUser();
    const expiring = (await make(token, { name: 'week', expires_in_days: 7 })).body as TokenJson;
    expect(daysFromNow(expiring.expires)).toBe(7);
    const never = (await make(token, { name: 'forever', expires_in_days: null })).body as TokenJson;
    expect(never.expires).toBeNull();
    const form = await call(app, 'POST', url, { token, form: { name: 'form', expires_in_days: '30' } });
    expect(form.status).toBe(201);
    expect(daysFromNow((form.body as TokenJson).expires)).toBe(30);
  });

  it.each([
    [{}, { name: ['This field is required.'] }],
    [{ name: '' }, { name: ['This field may not be blank.'] }],
    [{ name: 'a\u0000b' }, { name: ['Null characters are not allowed.'] }],
    [{ name: 'x'.repeat(256) }, { name: ['Ensure this field has no more than 255 characters.'] }],
    [{ name: ['x'] }, { name: ['Not a valid string.'] }],
    [{ name: 'x', expires_in_days: 'abc' }, { expires_in_days: ['A valid integer is required.'] }],
    [{ name: 'x', expires_in_days: 1.5 }, { expires_in_days: ['A valid integer is required.'] }],
    [{ name: 'x', expires_in_days: 0 }, { expires_in_days: ['Ensure this value is greater than or equal to 1.'] }],
    [{ name: 'x', expires_in_days: -1 }, { expires_in_days: ['Ensure this value is greater than or equal to 1.'] }],
    [{ name: 'x', expires_in_days: 1e20 }, { expires_in_days: ['Ensure this value is less than or equal to 3650.'] }],
    [{ name: 'x', expires_in_days: '99999999999999999999999' }, { expires_in_days: ['Ensure this value is less than or equal to 3650.'] }],
  ])('refuses %j with a 400 and makes nothing', async (json, errors) => {
    const { token } = await createAuthenticatedUser();
    const response = await make(token, json);
    expect(response.status).toBe(400);
    expect(response.body).toEqual(errors);
    expect(await listed(token)).toHaveLength(1);
  });

  it('refuses a 101st named token', async () => {
    const { user, token } = await createAuthenticatedUser();
    await getDb()
      .insertInto('tokens')
      .values(Array.from({ length: 100 }, (_, i) => ({ user_id: user.id, name: `t${i}`, key_hash: Buffer.alloc(32, i + 1) })))
      .execute();
    const response = await make(token, { name: 'one more' });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ non_field_errors: ['You have 100 tokens; revoke one first.'] });
  });
});

describe('DELETE /api/user/tokens/{id}/', () => {
  it('revokes one token; the others keep working', async () => {
    const { token } = await createAuthenticatedUser();
    const made = (await make(token, { name: 'script' })).body as TokenJson;
    const response = await call(detailApp, 'DELETE', detailUrl(made.id), { token });
    expect(response.status).toBe(204);
    expect(await works(made.key ?? '')).toBe(false);
    expect(await works(token)).toBe(true);
    expect((await call(detailApp, 'DELETE', detailUrl(made.id), { token })).status).toBe(404);
  });

  it('revokes the current token too', async () => {
    const { token } = await createAuthenticatedUser();
    const [current] = await listed(token);
    expect((await call(detailApp, 'DELETE', detailUrl(current?.id ?? 0), { token })).status).toBe(204);
    expect(await works(token)).toBe(false);
  });

  it("answers 404 for another user's token, which keeps working", async () => {
    const mine = await createAuthenticatedUser();
    const theirs = await createAuthenticatedUser();
    const [their] = await listed(theirs.token);
    const response = await call(detailApp, 'DELETE', detailUrl(their?.id ?? 0), { token: mine.token });
    expect(response.status).toBe(404);
    expect(await works(theirs.token)).toBe(true);
  });

  it.each([['abc'], ['0'], ['-1'], ['1.5'], ['99999999999999999999'], ['%00']])('answers 404 to the id %s', async (id) => {
    const { token } = await createAuthenticatedUser();
    expect((await call(detailApp, 'DELETE', detailUrl(id), { token })).status).toBe(404);
    expect(await works(token)).toBe(true);
  });

  it('answers 405 to GET, with Allow', async () => {
    const { token } = await createAuthenticatedUser();
    const response = await call(detailApp, 'GET', detailUrl(1), { token });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toContain('DELETE');
  });
});

describe('a new password', () => {
  it('revokes every other token of the user, keeps the one used, and no other user\'s', async () => {
    const { token } = await createAuthenticatedUser();
    const other = (await make(token, { name: 'script' })).body as TokenJson;
    const someoneElse = await createAuthenticatedUser();
    const response = await call(userMe, 'PATCH', '/api/user/me/', { token, json: { password: 'a-new-password' } });
    expect(response.status).toBe(200);
    expect(await works(token)).toBe(true);
    expect(await works(other.key ?? '')).toBe(false);
    expect(await works(someoneElse.token)).toBe(true);
  });

  it('is needed for that: changing the name keeps every token', async () => {
    const { token } = await createAuthenticatedUser();
    const other = (await make(token, { name: 'script' })).body as TokenJson;
    expect((await call(userMe, 'PATCH', '/api/user/me/', { token, json: { name: 'New name' } })).status).toBe(200);
    expect(await works(other.key ?? '')).toBe(true);
  });

  it('revokes nothing when the change is refused', async () => {
    const { token } = await createAuthenticatedUser();
    const other = (await make(token, { name: 'script' })).body as TokenJson;
    expect((await call(userMe, 'PATCH', '/api/user/me/', { token, json: { password: 'x' } })).status).toBe(400);
    expect(await works(other.key ?? '')).toBe(true);
  });
});

describe('TOKEN_TTL_DAYS=7', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let apps: { logIn: Hono<any>; tokens: Hono<any> };
  loadWithSettings({ TOKEN_TTL_DAYS: '7' }, async () => {
    apps = { logIn: (await import('./user-token.ts')).default, tokens: (await import('./user-tokens.ts')).default };
  });

  it("gives a login's token 7 days, and a made one 7 by default, at most 7", async () => {
    const { user, token } = await createAuthenticatedUser();
    const login = await call(apps.logIn, 'POST', '/api/user/token/', { json: { email: user.email, password: defaultPassword } });
    expect(login.status).toBe(200);
    const loggedIn = (login.body as { token: string }).token;
    const current = (await listed(loggedIn)).find((t) => t.current);
    expect(daysFromNow(current?.expires ?? null)).toBe(7);
    const made = await call(apps.tokens, 'POST', url, { token, json: { name: 'default' } });
    expect(daysFromNow((made.body as TokenJson).expires)).toBe(7);
    expect(daysFromNow(((await call(apps.tokens, 'POST', url, { token, json: { name: 'short', expires_in_days: 2 } })).body as TokenJson).expires)).toBe(2);
    const tooLong = await call(apps.tokens, 'POST', url, { token, json: { name: 'long', expires_in_days: 8 } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toEqual({ expires_in_days: ['Ensure this value is less than or equal to 7.'] });
    const never = await call(apps.tokens, 'POST', url, { token, json: { name: 'never', expires_in_days: null } });
    expect(never.status).toBe(400);
    expect(never.body).toEqual({ expires_in_days: ['Tokens expire within 7 days here.'] });
  });

  it('leaves logins without an expiry when unset, as the original', async () => {
    const { user } = await createAuthenticatedUser();
    const login = await call(logInApp, 'POST', '/api/user/token/', { json: { email: user.email, password: defaultPassword } });
    const loggedIn = (login.body as { token: string }).token;
    expect((await listed(loggedIn)).find((t) => t.current)?.expires).toBeNull();
  });
});

describe('the recipe list with an expired token', () => {
  it('is a 401', async () => {
    const { user, token } = await createAuthenticatedUser();
    await getDb().updateTable('tokens').set({ expires: new Date(Date.now() - 1) }).where('user_id', '=', user.id).execute();
    expect((await call(recipeList, 'GET', '/api/recipe/recipes/', { token })).status).toBe(401);
  });
});
