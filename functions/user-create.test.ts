import { describe, expect, it } from 'vitest';
import { getDb } from '../lib/database/pool.ts';
import { call } from '../lib/testing/api.ts';
import { captureLog } from '../lib/testing/capture-log.ts';
import { createUser } from '../lib/testing/factories.ts';
import * as users from '../lib/repositories/users.ts';
import app from './user-create.ts';

const url = '/api/user/create/';
const payload = { email: 'test@example.com', password: 'testpass123', name: 'Test Name' };

describe('POST /api/user/create/', () => {
  it('creates a user and answers with email and name only', async () => {
    const response = await call(app, 'POST', url, { json: payload });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ email: 'test@example.com', name: 'Test Name' });
    const user = await users.authenticate(getDb(), payload.email, payload.password);
    expect(user?.name).toBe('Test Name');
  });

  it('accepts a form-encoded body, as DRF does', async () => {
    const response = await call(app, 'POST', url, { form: payload });
    expect(response.status).toBe(201);
    expect(await users.findUserByEmail(getDb(), payload.email)).toBeDefined();
  });

  it('refuses an email that exists', async () => {
    await createUser({ email: payload.email });
    const response = await call(app, 'POST', url, { json: payload });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ email: ['user with this email already exists.'] });
  });

  it('refuses an email that exists in another case', async () => {
    await createUser({ email: 'Test@Example.com' });
    const response = await call(app, 'POST', url, { json: { ...payload, email: 'TEST@example.COM' } });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ email: ['user with this email already exists.'] });
  });

  it('names a taken email among the other fields\' errors, as DRF does', async () => {
    await createUser({ email: payload.email });
    const response = await call(app, 'POST', url, { json: { ...payload, password: 'pw', name: '' } });
    expect(response.status).toBe(400);
    expect(response.text).toBe(
      '{"email":["user with this email already exists."],"password":["Ensure this field has at least 5 characters."],"name":["This field may not be blank."]}',
    );
  });

  it('refuses a password under 5 characters and creates nothing', async () => {
    const response = await call(app, 'POST', url, { json: { ...payload, password: 'pw' } });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ password: ['Ensure this field has at least 5 characters.'] });
    expect(await users.findUserByEmail(getDb(), payload.email)).toBeUndefined();
  });

  it('refuses a password over 1024 characters', async () => {
    const response = await call(app, 'POST', url, { json: { ...payload, password: 'x'.repeat(1025) } });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ password: ['Ensure this field has no more than 1024 characters.'] });
  });

  it('names every missing field, in the order DRF declares them', async () => {
    const response = await call(app, 'POST', url, { json: {} });
    expect(response.status).toBe(400);
    expect(response.text).toBe(
      '{"email":["This field is required."],"password":["This field is required."],"name":["This field is required."]}',
    );
  });

  it.each([
    [{ email: 'not-an-email' }, { email: ['Enter a valid email address.'] }],
    [{ email: `${'a'.repeat(250)}@example.com` }, { email: ['Ensure this field has no more than 255 characters.'] }],
    [{ name: '   ' }, { name: ['This field may not be blank.'] }],
    [{ name: null }, { name: ['This field may not be null.'] }],
    [{ name: ['list'] }, { name: ['Not a valid string.'] }],
    [{ name: 'a\u0000b' }, { name: ['Null characters are not allowed.'] }],
    [{ name: 'x'.repeat(256) }, { name: ['Ensure this field has no more than 255 characters.'] }],
    [{ password: '' }, { password: ['This field may not be blank.'] }],
  ])('refuses %j with DRF\'s words', async (change, errors) => {
    const response = await call(app, 'POST', url, { json: { ...payload, ...change } });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(errors);
    expect(await users.findUserByEmail(getDb(), payload.email)).toBeUndefined();
  });

  it('trims the name but never the password', async () => {
    const response = await call(app, 'POST', url, { json: { ...payload, name: '  Spaced  ', password: '  pass  ' } });
    expect(response.body).toEqual({ email: payload.email, name: 'Spaced' });
    expect(await users.authenticate(getDb(), payload.email, '  pass  ')).not.toBeNull();
    expect(await users.authenticate(getDb(), payload.email, 'pass')).toBeNull();
  });

  it('lets exactly one of 20 simultaneous sign-ups with the same email through', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call(app, 'POST', url, { json: { ...payload, email: i % 2 ? 'race@example.com' : 'RACE@example.com' } })),
    );
    expect(responses.map(({ status }) => status).sort()).toEqual([201, ...Array<number>(19).fill(400)]);
    for (const refused of responses.filter(({ status }) => status === 400)) {
      expect(refused.body).toEqual({ email: ['user with this email already exists.'] });
    }
    const { count } = await getDb().selectFrom('users').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    expect(count).toBe(1);
  });

  it('never shows the password in the response, a log line or the database', async () => {
    const secret = 'very-secret-password-42';
    const capture = captureLog();
    try {
      const response = await call(app, 'POST', url, { json: { ...payload, password: secret } });
      await call(app, 'POST', url, { json: { ...payload, password: secret } }); // a refused one too
      expect(response.text).not.toContain(secret);
    } finally {
      capture.restore();
    }
    expect(JSON.stringify(capture.lines)).not.toContain(secret);
    const rows = await getDb().selectFrom('users').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(secret);
  });
});
