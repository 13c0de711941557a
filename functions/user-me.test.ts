import { describe, expect, it } from 'vitest';
import { getDb } from '../lib/database/pool.ts';
import { call } from '../lib/testing/api.ts';
import { createAuthenticatedUser, createUser, defaultPassword } from '../lib/testing/factories.ts';
import * as users from '../lib/repositories/users.ts';
import app from './user-me.ts';

const url = '/api/user/me/';

describe('GET /api/user/me/ without valid credentials', () => {
  it('requires authentication', async () => {
    const response = await call(app, 'GET', url);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Token');
    expect(response.body).toEqual({ detail: 'Authentication credentials were not provided.' });
  });

  it.each([
    ['Token', 'Invalid token header. No credentials provided.'],
    ['Token a b', 'Invalid token header. Token string should not contain spaces.'],
    ['Bearer a\tb', 'Invalid token header. Token string should not contain spaces.'],
    ['Token ', 'Invalid token header. No credentials provided.'],
    ['Tokens 0000000000000000000000000000000000000000', 'Authentication credentials were not provided.'],
    ['Token 000000000000000000000000000000000000000é', 'Invalid token.'],
    ['Token 0000000000000000000000000000000000000000', 'Invalid token.'],
    ['Basic dXNlcjpwYXNz', 'Authentication credentials were not provided.'],
    ['', 'Authentication credentials were not provided.'],
  ])('answers DRF\'s 401 to "Authorization: %s"', async (header, detail) => {
    const response = await call(app, 'GET', url, { headers: { Authorization: header } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Token');
    expect(response.body).toEqual({ detail });
  });

  it('refuses the token of a user who is no longer active', async () => {
    const { user, token } = await createAuthenticatedUser();
    await users.updateUser(getDb(), user.id, { isActive: false });
    const response = await call(app, 'GET', url, { token });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ detail: 'User inactive or deleted.' });
  });

  it('authenticates before it refuses a method: POST without a token is a 401', async () => {
    expect((await call(app, 'POST', url)).status).toBe(401);
  });
});

describe('/api/user/me/ for an authenticated user', () => {
  it('shows the profile', async () => {
    const { token } = await createAuthenticatedUser({ email: 'me@example.com', name: 'Me' });
    const response = await call(app, 'GET', url, { token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ email: 'me@example.com', name: 'Me' });
  });

  it.each([['token'], ['TOKEN'], ['Bearer'], ['bearer']])('accepts the keyword "%s"', async (keyword) => {
    const { token } = await createAuthenticatedUser();
    const response = await call(app, 'GET', url, { headers: { Authorization: `${keyword} ${token}` } });
    expect(response.status).toBe(200);
  });

  it.each([['Token  %s'], ['Bearer \t%s'], ['  Token %s  ']])('reads the key from "%s" as Python\'s split does', async (form) => {
    const { token } = await createAuthenticatedUser();
    const response = await call(app, 'GET', url, { headers: { Authorization: form.replace('%s', token) } });
    expect(response.status).toBe(200);
  });

  it('refuses POST', async () => {
    const { token } = await createAuthenticatedUser();
    const response = await call(app, 'POST', url, { token, json: {} });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, PUT, PATCH, HEAD, OPTIONS');
    expect(response.body).toEqual({ detail: 'Method "POST" not allowed.' });
  });

  it('updates name and password with PATCH', async () => {
    const { user, token } = await createAuthenticatedUser({ email: 'me@example.com', name: 'Old' });
    const response = await call(app, 'PATCH', url, { token, json: { name: 'Updated name', password: 'newpassword123' } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ email: 'me@example.com', name: 'Updated name' });
    const reloaded = await users.findUserById(getDb(), user.id);
    expect(reloaded?.name).toBe('Updated name');
    expect(await users.authenticate(getDb(), 'me@example.com', 'newpassword123')).not.toBeNull();
    expect(await users.authenticate(getDb(), 'me@example.com', defaultPassword)).toBeNull();
  });

  it('changes nothing on an empty PATCH', async () => {
    const { token } = await createAuthenticatedUser({ email: 'me@example.com', name: 'Same' });
    const response = await call(app, 'PATCH', url, { token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ email: 'me@example.com', name: 'Same' });
  });

  it('requires every field on PUT', async () => {
    const { token } = await createAuthenticatedUser();
    const response = await call(app, 'PUT', url, { token, json: { name: 'Only a name' } });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ email: ['This field is required.'], password: ['This field is required.'] });
  });

  it('replaces everything on PUT', async () => {
    const { token } = await createAuthenticatedUser();
    const response = await call(app, 'PUT', url, { token, json: { email: 'new@EXAMPLE.com', name: 'New', password: 'brandnew1' } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ email: 'new@example.com', name: 'New' });
  });

  it("refuses another user's email, in any case, and changes nothing", async () => {
    await createUser({ email: 'taken@example.com' });
    const { user, token } = await createAuthenticatedUser({ email: 'me@example.com', name: 'Me' });
    const response = await call(app, 'PATCH', url, { token, json: { email: 'TAKEN@example.com', name: 'Changed' } });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ email: ['user with this email already exists.'] });
    expect((await users.findUserById(getDb(), user.id))?.name).toBe('Me');
  });

  it('lets a user keep their own email, or change its case', async () => {
    const { token } = await createAuthenticatedUser({ email: 'me@example.com' });
    const response = await call(app, 'PATCH', url, { token, json: { email: 'ME@example.com' } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ email: 'ME@example.com' });
  });

  it('refuses a short new password', async () => {
    const { token } = await createAuthenticatedUser();
    const response = await call(app, 'PATCH', url, { token, json: { password: 'abc' } });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ password: ['Ensure this field has at least 5 characters.'] });
  });
});
