// The admin refuses a POST from another origin, as Django's CSRF middleware
// does: the Origin header must be ours, and over HTTPS a request without one
// must carry the Referer of one of our HTTPS pages.
import { describe, expect, it } from 'vitest';
import loginApp from '../../functions/admin-login.ts';
import { parseConfig } from '../config.ts';
import { createAdminClient } from '../testing/admin-client.ts';
import { createUser, defaultPassword } from '../testing/factories.ts';
import { originProblem, trustedOrigins } from './csrf.ts';

const login = 'https://localhost/admin/login/';

async function postLogin(url: string, headers: Record<string, string>, origin: string | null) {
  await createUser({ email: 'staff@example.com', isStaff: true });
  const client = createAdminClient();
  await client.get(loginApp, url);
  return client.post(loginApp, url, { email: 'staff@example.com', password: defaultPassword, next: '/admin/' }, { headers, origin });
}

describe('a POST to the admin over HTTPS', () => {
  it('is let through with our own Origin', async () => {
    expect((await postLogin(login, {}, 'https://localhost')).status).toBe(302);
  });

  it('is let through without Origin when the Referer is one of our HTTPS pages', async () => {
    expect((await postLogin(login, { referer: login }, null)).status).toBe(302);
  });

  it.each([
    ['another site\'s Origin', {}, 'https://evil.example', 'Origin checking failed - https://evil.example does not match any trusted origins.'],
    ['our host over plain HTTP as Origin', {}, 'http://localhost', 'Origin checking failed - http://localhost does not match any trusted origins.'],
    ['the Origin "null"', {}, 'null', 'Origin checking failed - null does not match any trusted origins.'],
    ['neither Origin nor Referer', {}, null, 'Referer checking failed - no Referer.'],
    ['a plain-HTTP Referer', { referer: 'http://localhost/admin/login/' }, null, 'Referer checking failed - Referer is insecure while host is secure.'],
    ['another site\'s Referer', { referer: 'https://evil.example/page' }, null, 'Referer checking failed - https://evil.example does not match any trusted origins.'],
    ['a malformed Referer', { referer: 'not a url' }, null, 'Referer checking failed - Referer is malformed.'],
  ])('is refused with %s: a 403 page that says why, and no session', async (_case, headers, origin, reason) => {
    const response = await postLogin(login, headers, origin);
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.text).toContain(`CSRF verification failed. Request aborted. ${reason}`);
    expect(response.headers.getSetCookie().some((line) => line.startsWith('__Host-sessionid='))).toBe(false);
  });
});

describe('a POST to the admin over plain HTTP', () => {
  it('is refused with another site\'s Origin, as Django does', async () => {
    const response = await postLogin('http://localhost/admin/login/', {}, 'http://evil.example');
    expect(response.status).toBe(403);
    expect(response.text).toContain('Origin checking failed - http://evil.example does not match any trusted origins.');
  });

  it('is let through without Origin or Referer (nothing to check against)', async () => {
    expect((await postLogin('http://localhost/admin/login/', {}, null)).status).toBe(302);
  });
});

describe('CSRF_TRUSTED_ORIGINS', () => {
  const request = { secure: true, host: 'api.example.com', referer: undefined };
  const trusted = ['https://admin.example.com'];

  it('lets a trusted Origin or Referer through, and no other', () => {
    expect(originProblem({ ...request, origin: 'https://admin.example.com' }, trusted)).toBeUndefined();
    expect(originProblem({ ...request, origin: undefined, referer: 'https://admin.example.com/admin/' }, trusted)).toBeUndefined();
    expect(originProblem({ ...request, origin: 'https://other.example.com' }, trusted)).toMatch(/^Origin checking failed/);
    expect(originProblem({ ...request, origin: 'https://admin.example.com' }, [])).toMatch(/^Origin checking failed/);
  });
});

describe('PUBLIC_URL', () => {
  // A proxy that forwards https://api.example.com to the server as Host: app:8000.
  const proxied = { secure: true, host: 'app:8000', referer: undefined };
  const config = (publicUrl: string | null) => parseConfig({ SECRET_KEY: 'k'.repeat(32), ...(publicUrl === null ? {} : { PUBLIC_URL: publicUrl }) });

  it('is trusted as an origin by default, without CSRF_TRUSTED_ORIGINS', () => {
    const trusted = trustedOrigins(config('https://API.example.com/base/'));
    expect(trusted).toEqual(['https://api.example.com']);
    expect(originProblem({ ...proxied, origin: 'https://api.example.com' }, trusted)).toBeUndefined();
    expect(originProblem({ ...proxied, origin: undefined, referer: 'https://api.example.com/admin/' }, trusted)).toBeUndefined();
    expect(originProblem({ ...proxied, origin: 'https://evil.example' }, trusted)).toMatch(/^Origin checking failed/);
  });

  it('adds nothing when unset', () => {
    expect(trustedOrigins(config(null))).toEqual([]);
  });
});

describe('CSRF_TRUSTED_ORIGINS in the environment', () => {
  const base = { SECRET_KEY: 'k'.repeat(32) };

  it('is a comma-separated list of origins, compared in lower case', () => {
    expect(parseConfig({ ...base, CSRF_TRUSTED_ORIGINS: ' https://Admin.example.com , http://localhost:3000' }).csrfTrustedOrigins).toEqual([
      'https://admin.example.com',
      'http://localhost:3000',
    ]);
    expect(parseConfig(base).csrfTrustedOrigins).toEqual([]);
  });

  it.each(['admin.example.com', 'https://admin.example.com/admin/'])('stops start-up on %s, which is no origin', (value) => {
    expect(() => parseConfig({ ...base, CSRF_TRUSTED_ORIGINS: value })).toThrow(/CSRF_TRUSTED_ORIGINS/);
  });
});
