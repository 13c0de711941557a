import { afterEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '../lib/database/pool.ts';
import { hasher } from '../lib/auth/passwords.ts';
import { call } from '../lib/testing/api.ts';
import { createAuthenticatedUser, createUser, defaultPassword } from '../lib/testing/factories.ts';
import { setNow } from '../lib/time.ts';
import * as users from '../lib/repositories/users.ts';
import userMe from './user-me.ts';
import app from './user-token.ts';

const url = '/api/user/token/';
const refused = { non_field_errors: ['Unable to authenticate with provided credentials.'] };

function logIn(email: string, password: string, env?: unknown) {
  return call(app, 'POST', url, { json: { email, password }, env });
}

// The Node server's env, as @hono/node-server passes it: the socket tells the client's address.
const fromAddress = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

let restoreClock: (() => void) | undefined;
afterEach(() => {
  restoreClock?.();
  restoreClock = undefined;
});

/** Freezes the clock at `start`; returns a function that moves it on. */
function frozenClock(start = new Date('2026-11-25T12:00:00Z')) {
  let current = start.getTime();
  restoreClock = setNow(() => new Date(current));
  return (ms: number) => { current += ms; };
}

describe('POST /api/user/token/', () => {
  it('answers a 40-hex-character token for valid credentials', async () => {
    await createUser({ email: 'test@example.com' });
    const response = await logIn('test@example.com', defaultPassword);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ token: expect.stringMatching(/^[0-9a-f]{40}$/) as unknown });
  });

  it('logs in whatever the case of the email, and with a form body', async () => {
    await createUser({ email: 'Case@example.com' });
    expect((await logIn('CASE@EXAMPLE.COM', defaultPassword)).status).toBe(200);
    expect((await call(app, 'POST', url, { form: { email: 'case@example.com', password: defaultPassword } })).status).toBe(200);
  });

  it('gives a new token at every login, and the earlier ones keep working', async () => {
    await createUser({ email: 'test@example.com' });
    const first = (await logIn('test@example.com', defaultPassword)).body as { token: string };
    const second = (await logIn('test@example.com', defaultPassword)).body as { token: string };
    expect(first.token).not.toBe(second.token);
    expect((await call(userMe, 'GET', '/api/user/me/', { token: first.token })).status).toBe(200);
  });

  it('deletes the user\'s expired tokens, and only those', async () => {
    const { user } = await createAuthenticatedUser({ email: 'test@example.com' });
    const ids = await getDb().selectFrom('tokens').select('id').where('user_id', '=', user.id).execute();
    await getDb().updateTable('tokens').set({ expires: new Date(Date.now() - 1000) }).where('user_id', '=', user.id).execute();
    const other = await createAuthenticatedUser({ email: 'other@example.com' });
    await getDb().updateTable('tokens').set({ expires: new Date(Date.now() - 1000) }).where('user_id', '=', other.user.id).execute();
    expect((await logIn('test@example.com', defaultPassword)).status).toBe(200);
    const left = await getDb().selectFrom('tokens').select(['id', 'user_id']).where('user_id', 'in', [user.id, other.user.id]).execute();
    expect(left.filter(({ user_id }) => user_id === user.id).map(({ id }) => id)).not.toContain(ids[0]?.id);
    expect(left.filter(({ user_id }) => user_id === user.id)).toHaveLength(1);
    expect(left.filter(({ user_id }) => user_id === other.user.id)).toHaveLength(1);
  });

  it('records the login time', async () => {
    const user = await createUser({ email: 'test@example.com' });
    expect(user.last_login).toBeNull();
    const advance = frozenClock();
    advance(0);
    await logIn('test@example.com', defaultPassword);
    expect((await users.findUserById(getDb(), user.id))?.last_login).toEqual(new Date('2026-11-25T12:00:00Z'));
  });

  it.each([
    ['a wrong password', 'test@example.com', 'badpass'],
    ['an unknown email', 'nobody@example.com', defaultPassword],
  ])('refuses %s', async (_case, email, password) => {
    await createUser({ email: 'test@example.com' });
    const response = await logIn(email, password);
    expect(response.status).toBe(400);
    expect(response.body).toEqual(refused);
  });

  it('refuses an inactive user, even with the right password', async () => {
    await createUser({ email: 'gone@example.com', isActive: false });
    const response = await logIn('gone@example.com', defaultPassword);
    expect(response.status).toBe(400);
    expect(response.body).toEqual(refused);
  });

  it('refuses a blank password as a field error', async () => {
    await createUser({ email: 'test@example.com' });
    const response = await logIn('test@example.com', '');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ password: ['This field may not be blank.'] });
  });

  it('refuses a password over the maximum before any hashing', async () => {
    const verify = vi.spyOn(hasher, 'verify');
    try {
      const response = await logIn('test@example.com', 'x'.repeat(1025));
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ password: ['Ensure this field has no more than 1024 characters.'] });
      expect(verify).not.toHaveBeenCalled();
    } finally {
      verify.mockRestore();
    }
  });
});

describe('login throttle', () => {
  it('refuses every attempt for an email after 10 failures, then recovers after the window', async () => {
    const advance = frozenClock();
    await createUser({ email: 'target@example.com' });
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      expect((await logIn('target@example.com', `wrong${attempt}`)).status).toBe(400);
      advance(1000);
    }
    // Throttled: the right password too, and in another case.
    const throttled = await logIn('TARGET@example.com', defaultPassword);
    expect(throttled.status).toBe(429);
    // The first failure leaves the 15-minute window 15 min - 10 s from now.
    expect(throttled.headers.get('retry-after')).toBe('890');
    expect(throttled.body).toEqual({ detail: 'Request was throttled. Expected available in 890 seconds.' });

    advance(889_000);
    expect((await logIn('target@example.com', defaultPassword)).status).toBe(429);
    advance(1000);
    expect((await logIn('target@example.com', defaultPassword)).status).toBe(200);
  });

  it('counts one email across client addresses, and leaves other emails alone', async () => {
    frozenClock();
    await createUser({ email: 'target@example.com' });
    await createUser({ email: 'other@example.com' });
    for (let attempt = 1; attempt <= 10; attempt += 1) await logIn('target@example.com', 'wrong', fromAddress(`10.0.0.${attempt}`));
    expect((await logIn('target@example.com', defaultPassword, fromAddress('10.9.9.9'))).status).toBe(429);
    expect((await logIn('other@example.com', defaultPassword, fromAddress('10.0.0.1'))).status).toBe(200);
  });

  it('a success clears the email\'s failures', async () => {
    frozenClock();
    await createUser({ email: 'target@example.com' });
    for (let attempt = 1; attempt <= 9; attempt += 1) await logIn('target@example.com', 'wrong');
    expect((await logIn('target@example.com', defaultPassword)).status).toBe(200);
    for (let attempt = 1; attempt <= 9; attempt += 1) await logIn('target@example.com', 'wrong');
    expect((await logIn('target@example.com', defaultPassword)).status).toBe(200);
  });

  it('refuses one client address after 100 failures, whatever the email', async () => {
    frozenClock();
    await createUser({ email: 'fresh@example.com' });
    const attacker = fromAddress('203.0.113.7');
    for (let attempt = 1; attempt <= 100; attempt += 1) {
      await getDb()
        .insertInto('login_failures')
        .values({ email: `guess${attempt}@example.com`, address: '203.0.113.7', failed_at: new Date('2026-11-25T11:59:00Z') })
        .execute();
    }
    const response = await logIn('fresh@example.com', defaultPassword, attacker);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('840');
    expect((await logIn('fresh@example.com', defaultPassword, fromAddress('203.0.113.8'))).status).toBe(200);
  });
});

describe('DELETE /api/user/token/', () => {
  it('revokes the token it is called with, and only that one', async () => {
    const { user, token } = await createAuthenticatedUser();
    const other = (await logIn(user.email, defaultPassword)).body as { token: string };
    const response = await call(app, 'DELETE', url, { token });
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    const revoked = await call(userMe, 'GET', '/api/user/me/', { token });
    expect(revoked.status).toBe(401);
    expect(revoked.body).toEqual({ detail: 'Invalid token.' });
    expect((await call(userMe, 'GET', '/api/user/me/', { token: other.token })).status).toBe(200);
  });

  it('needs a token', async () => {
    const response = await call(app, 'DELETE', url);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Token');
    expect(response.body).toEqual({ detail: 'Authentication credentials were not provided.' });
  });

  it('does not offer GET', async () => {
    const response = await call(app, 'GET', url);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST, DELETE, OPTIONS');
  });
});
