import { describe, expect, it } from 'vitest';
import { getDb } from '../lib/database/pool.ts';
import { call } from '../lib/testing/api.ts';
import { createAdminClient, formErrorMessages, logInAsStaff } from '../lib/testing/admin-client.ts';
import { createUser, defaultPassword } from '../lib/testing/factories.ts';
import { setNow } from '../lib/time.ts';
import * as users from '../lib/repositories/users.ts';
import dashboardApp from './admin-dashboard.ts';
import app from './admin-login.ts';
import tokenApp from './user-token.ts';

const refused = 'Please enter the correct email and password for a staff account.';

async function sessionCount(): Promise<number> {
  const row = await getDb().selectFrom('admin_sessions').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return row.count;
}

describe('GET /admin/login/', () => {
  it('shows a form with "Email", "Password", "Log in" and a CSRF token, and sets the CSRF cookie', async () => {
    const client = createAdminClient();
    const response = await client.get(app, '/admin/login/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.text).toContain('<label for="id_email">Email</label>');
    expect(response.text).toContain('<label for="id_password">Password</label>');
    expect(response.text).toContain('<button type="submit">Log in</button>');
    expect(response.text).toMatch(/<input type="hidden" name="csrf_token" value="[0-9a-f]{64}">/);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('csrftoken='));
    expect(cookie).toMatch(/^csrftoken=[0-9a-f]{64};/);
    expect(cookie).toMatch(/; Path=\/admin\/(;|$)/);
    expect(cookie).toContain('; HttpOnly');
    expect(cookie).toContain('; SameSite=Lax');
    expect(cookie).not.toContain('; Secure');
  });

  it('sends the security headers: a CSP without unsafe-inline, no framing, a strict referrer policy', async () => {
    const response = await createAdminClient().get(app, '/admin/login/');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('POST /admin/login/', () => {
  it('logs active staff in with an HttpOnly, SameSite=Lax session cookie and sends them where they were going', async () => {
    const user = await createUser({ email: 'staff@example.com', isStaff: true });
    const client = createAdminClient();
    const response = await client.logIn('STAFF@example.com', defaultPassword, '/admin/users/');
    expect(response.status).toBe(302);
    expect(response.location).toBe('/admin/users/');
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('sessionid='));
    expect(cookie).toMatch(/^sessionid=[\w-]{43}; /);
    expect(cookie).toContain('; Path=/;');
    expect(cookie).toContain('; HttpOnly');
    expect(cookie).toContain('; SameSite=Lax');
    expect(cookie).not.toContain('; Secure');
    const dashboard = await client.get(dashboardApp, '/admin/');
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).toContain('Site administration');
    expect(dashboard.text).toContain(user.email);
    expect((await users.findUserById(getDb(), user.id))?.last_login).toBeInstanceOf(Date);
  });

  it('names the cookie __Host-sessionid and makes it Secure over HTTPS', async () => {
    await createUser({ email: 'staff@example.com', isStaff: true });
    const client = createAdminClient();
    await client.get(app, 'https://localhost/admin/login/');
    const response = await client.post(app, 'https://localhost/admin/login/', { email: 'staff@example.com', password: defaultPassword });
    expect(response.status).toBe(302);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('__Host-sessionid='));
    expect(cookie).toContain('; Secure');
    expect(cookie).toContain('; Path=/;');
    expect(response.headers.getSetCookie().some((line) => line.startsWith('sessionid='))).toBe(false);
  });

  it.each([
    ['a wrong password', { isStaff: true }, 'wrong-password'],
    ['an active user who is not staff', { isStaff: false }, defaultPassword],
    ['an inactive staff user', { isStaff: true, isActive: false }, defaultPassword],
  ])('refuses %s with the one message, and starts no session', async (_case, overrides, password) => {
    const user = await createUser(overrides);
    const client = createAdminClient();
    const response = await client.logIn(user.email, password);
    expect(response.status).toBe(400);
    expect(formErrorMessages(response.text)).toEqual([refused]);
    expect(response.headers.getSetCookie().some((line) => line.startsWith('sessionid='))).toBe(false);
    expect(await sessionCount()).toBe(0);
    expect((await client.get(dashboardApp, '/admin/')).status).toBe(302);
  });

  it('refuses an unknown email and a blank password the same way, keeping the email typed', async () => {
    const client = createAdminClient();
    const unknown = await client.logIn('nobody@example.com', defaultPassword);
    expect(formErrorMessages(unknown.text)).toEqual([refused]);
    expect(unknown.text).toContain('value="nobody@example.com"');
    const blank = await client.logIn('nobody@example.com', '');
    expect(blank.status).toBe(400);
    expect(formErrorMessages(blank.text)).toEqual([refused]);
  });

  it.each([['https://evil.example/'], ['//evil.example/admin/'], ['/api/user/me/'], ['/admin/\\evil.example']])(
    'never redirects outside the admin after login: next=%s goes to /admin/',
    async (next) => {
      const user = await createUser({ isStaff: true });
      const response = await createAdminClient().logIn(user.email, defaultPassword, next);
      expect(response.status).toBe(302);
      expect(response.location).toBe('/admin/');
    },
  );

  it.each([
    ['without a CSRF token', null],
    ['with a wrong CSRF token', 'f'.repeat(64)],
  ])('refuses a login %s (403) and starts no session', async (_case, csrf) => {
    const user = await createUser({ isStaff: true });
    const client = createAdminClient();
    await client.get(app, '/admin/login/');
    const response = await client.post(app, '/admin/login/', { email: user.email, password: defaultPassword }, { csrf });
    expect(response.status).toBe(403);
    expect(response.text).toContain('CSRF verification failed. Request aborted.');
    expect(await sessionCount()).toBe(0);
  });

  it('refuses a token that belongs to another browser’s CSRF cookie', async () => {
    const user = await createUser({ isStaff: true });
    const other = createAdminClient();
    const otherPage = await other.get(app, '/admin/login/');
    const otherToken = /name="csrf_token" value="([0-9a-f]+)"/.exec(otherPage.text)?.[1];
    const client = createAdminClient();
    await client.get(app, '/admin/login/');
    const response = await client.post(app, '/admin/login/', { email: user.email, password: defaultPassword }, { csrf: otherToken });
    expect(response.status).toBe(403);
  });
});

describe('the login throttle, shared with the API', () => {
  it('after 10 failures through the API, refuses the admin login even with the right password', async () => {
    const user = await createUser({ email: 'staff@example.com', isStaff: true });
    for (let attempt = 0; attempt < 10; attempt += 1) {
      expect((await call(tokenApp, 'POST', '/api/user/token/', { json: { email: user.email, password: 'wrong-password' } })).status).toBe(400);
    }
    const response = await createAdminClient().logIn(user.email, defaultPassword);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(formErrorMessages(response.text)[0]).toMatch(/^Too many failed logins\. Try again in \d+ seconds\.$/);
    expect(await sessionCount()).toBe(0);
  });

  it('after 10 failures at the admin login, refuses the API login too', async () => {
    const user = await createUser({ email: 'staff@example.com', isStaff: true });
    const client = createAdminClient();
    for (let attempt = 0; attempt < 10; attempt += 1) expect((await client.logIn(user.email, 'wrong-password')).status).toBe(400);
    expect((await client.logIn(user.email, defaultPassword)).status).toBe(429);
    const api = await call(tokenApp, 'POST', '/api/user/token/', { json: { email: user.email, password: defaultPassword } });
    expect(api.status).toBe(429);
  });
});

describe('staff-only access', () => {
  it('sends an anonymous visitor to the login page, and back after it', async () => {
    const response = await createAdminClient().get(dashboardApp, '/admin/');
    expect(response.status).toBe(302);
    expect(response.location).toBe('/admin/login/?next=%2Fadmin%2F');
  });

  it('shuts a staff member out at the next request once they are no longer staff or active', async () => {
    const { client, user } = await logInAsStaff();
    expect((await client.get(dashboardApp, '/admin/')).status).toBe(200);
    await users.updateUser(getDb(), user.id, { isStaff: false });
    expect((await client.get(dashboardApp, '/admin/')).location).toBe('/admin/login/?next=%2Fadmin%2F');
    await users.updateUser(getDb(), user.id, { isStaff: true, isActive: false });
    expect((await client.get(dashboardApp, '/admin/')).status).toBe(302);
  });

  it('ends a session after SESSION_DAYS (14)', async () => {
    const { client } = await logInAsStaff();
    const start = Date.now();
    const restore = setNow(() => new Date(start + 13.9 * 24 * 60 * 60 * 1000));
    try {
      expect((await client.get(dashboardApp, '/admin/')).status).toBe(200);
      setNow(() => new Date(start + 14.01 * 24 * 60 * 60 * 1000));
      expect((await client.get(dashboardApp, '/admin/')).status).toBe(302);
    } finally {
      restore();
    }
  });
});

describe('POST /admin/logout/', () => {
  it('ends the session for good: the old cookie no longer opens the admin', async () => {
    const { client } = await logInAsStaff();
    const oldKey = client.cookies.get('sessionid');
    expect(oldKey).toBeDefined();
    const response = await client.post(app, '/admin/logout/');
    expect(response.status).toBe(302);
    expect(response.location).toBe('/admin/login/');
    expect(response.headers.getSetCookie().some((line) => /^sessionid=; .*Max-Age=0/.test(line))).toBe(true);
    expect(await sessionCount()).toBe(0);
    // A copy of the cookie, kept by someone who saw it, is worth nothing now.
    const replay = createAdminClient();
    replay.cookies.set('sessionid', oldKey ?? '');
    expect((await replay.get(dashboardApp, '/admin/')).location).toBe('/admin/login/?next=%2Fadmin%2F');
  });

  it('refuses a logout without the CSRF token, and the session goes on', async () => {
    const { client } = await logInAsStaff();
    const response = await client.post(app, '/admin/logout/', {}, { csrf: null });
    expect(response.status).toBe(403);
    expect(await sessionCount()).toBe(1);
    expect((await client.get(dashboardApp, '/admin/')).status).toBe(200);
  });
});
