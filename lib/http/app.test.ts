import { HTTPException } from 'hono/http-exception';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureLog, type LogLine } from '../testing/capture-log.ts';
import { createFunctionApp, defineRoute, honoPath } from './app.ts';
import { HttpError } from './errors.ts';

const secret = 'select password from users where email = $1 -- /srv/app/lib/repositories/users.ts';
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ok = { 200: { description: 'OK' } };

const app = createFunctionApp();
defineRoute(app, { method: 'get', path: '/api/things/', responses: ok }, (c) => c.json({ things: [] }));
defineRoute(app, { method: 'get', path: '/api/things/{id}/', responses: ok }, (c) => c.json({ id: c.req.param('id') }));
defineRoute(app, { method: 'delete', path: '/api/things/{id}/', responses: { 204: { description: 'Deleted' } } }, (c) => c.body(null, 204));
defineRoute(app, { method: 'post', path: '/api/actions/', responses: ok }, (c) => c.json({ done: true }));
defineRoute(app, { method: 'get', path: '/api/v1.0/', responses: ok }, (c) => c.json({ version: '1.0' }));
defineRoute(app, { method: 'get', path: '/api/fail/http/', responses: ok }, () => {
  throw new HttpError(429, { detail: 'Request was throttled. Expected available in 7 seconds.' }, { 'Retry-After': '7' });
});
defineRoute(app, { method: 'get', path: '/api/fail/hono/', responses: ok }, () => {
  throw new HTTPException(401, { message: 'Token expired.' });
});
defineRoute(app, { method: 'get', path: '/api/fail/crash/', responses: ok }, () => {
  throw new Error(secret);
});
defineRoute(app, { method: 'get', path: '/api/fail/code/{code}/', responses: ok }, (c) => {
  throw Object.assign(new Error(`connect failed: ${secret}`), { code: c.req.param('code') });
});
defineRoute(app, { method: 'get', path: '/api/fail/aggregate/', responses: ok }, () => {
  const refused = (address: string) => Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: 'ECONNREFUSED' });
  throw new AggregateError([refused('::1:5432'), refused('127.0.0.1:5432')], secret);
});

let logged: LogLine[] = [];
beforeEach(() => {
  const capture = captureLog();
  logged = capture.lines;
  return capture.restore;
});

async function request(path: string, init: RequestInit = {}): Promise<Response> {
  return app.request(path, init);
}

describe('routes and methods', () => {
  it('answers a declared route', async () => {
    const response = await request('/api/things/');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ things: [] });
  });

  it('passes path parameters written as {id} to the handler', async () => {
    const response = await request('/api/things/42/');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: '42' });
  });

  it('turns OpenAPI {params} into Hono :params', () => {
    expect(honoPath('/api/recipe/recipes/{id}/upload-image/')).toBe('/api/recipe/recipes/:id/upload-image/');
    expect(honoPath('/api/a/{first_id}/b/{second}/')).toBe('/api/a/:first_id/b/:second/');
  });

  it('answers 405 with DRF\'s message and Allow to a method the route does not declare', async () => {
    const response = await request('/api/things/', { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(await response.json()).toEqual({ detail: 'Method "POST" not allowed.' });
  });

  it('answers 405 to an unknown method such as PROPFIND', async () => {
    const response = await request('/api/things/', { method: 'PROPFIND' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(await response.json()).toEqual({ detail: 'Method "PROPFIND" not allowed.' });
  });

  it('matches a path with a parameter for 405, listing that route\'s methods in DRF\'s order', async () => {
    const response = await request('/api/things/42/', { method: 'PATCH' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, DELETE, HEAD, OPTIONS');
    expect(await response.json()).toEqual({ detail: 'Method "PATCH" not allowed.' });
  });

  it('answers OPTIONS with 200 and the route\'s methods in Allow', async () => {
    const list = await request('/api/things/', { method: 'OPTIONS' });
    expect(list.status).toBe(200);
    expect(list.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(list.headers.get('content-type')).toMatch(/^application\/json/);
    const detail = await request('/api/things/7/', { method: 'OPTIONS' });
    expect(detail.status).toBe(200);
    expect(detail.headers.get('allow')).toBe('GET, DELETE, HEAD, OPTIONS');
  });

  it('answers HEAD on a GET route with the GET\'s status and headers and no body', async () => {
    const response = await request('/api/things/', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.text()).toBe('');
  });

  it('offers neither GET nor HEAD on a POST-only route', async () => {
    const get = await request('/api/actions/');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
    const head = await request('/api/actions/', { method: 'HEAD' });
    expect(head.status).toBe(405);
    expect(head.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it.each([
    ['GET', '/api/nothing/'],
    ['POST', '/api/nothing/'],
    ['OPTIONS', '/api/nothing/'],
    ['GET', '/api/things/42/more/'],
    ['GET', '/api/nothing'],
  ])('answers %s %s, a path the app does not know, with JSON 404', async (method, path) => {
    const response = await request(path, { method });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ detail: 'Not found.' });
  });

  it('takes a dot in a route path literally, not as a wildcard', async () => {
    expect((await request('/api/v1.0/', { method: 'POST' })).status).toBe(405);
    const other = await request('/api/v1x0/', { method: 'POST' });
    expect(other.status).toBe(404);
  });
});

// The rules the emulator's gateway applied alone before; a function deployed
// by itself must answer the same.
describe('general rules, in the function itself', () => {
  it('redirects a GET without the trailing slash with 301, keeping the query', async () => {
    const response = await request('/api/things/42?a=1&b=two%20words');
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/api/things/42/?a=1&b=two%20words');
    expect(response.headers.get('x-request-id')).toMatch(uuid);
  });

  it('serves a DELETE without the trailing slash as if it were there', async () => {
    const response = await request('/api/things/42', { method: 'DELETE' });
    expect(response.status).toBe(204);
  });

  it('logs one line per request, the redirect included', async () => {
    await request('/api/things?x=1');
    expect(logged.filter((line) => line.msg === 'request')).toEqual([
      expect.objectContaining({ method: 'GET', path: '/api/things', status: 301 }),
    ]);
  });

  it.each([
    ['a path with a dot segment, percent-encoded', '/api/things/%2e/'],
    ['a path with a dot segment, upper case', '/api/things/%2E/'],
    ['a path with a plain dot segment', '/api/things/./'],
    ['a path with a dot-dot segment', '/api/things/42/%2e%2e/'],
    ['a path with a mixed dot-dot segment', '/api/things/42/.%2e/'],
  ])('answers %s (%s) with 404, never the route it would resolve to', async (_case, rawPath) => {
    // As the Node server and Lambda hand it over: the URL already resolved, the raw path beside it.
    const resolved = new URL(rawPath, 'http://localhost').pathname;
    expect(resolved).not.toBe(rawPath);
    const fromNode = await app.fetch(new Request(`http://localhost${rawPath}`), { incoming: { url: `${rawPath}?q=1` } });
    expect(fromNode.status).toBe(404);
    expect(await fromNode.json()).toEqual({ detail: 'Not found.' });
    const fromLambda = await app.fetch(new Request(`https://localhost${rawPath}`), { event: { rawPath } });
    expect(fromLambda.status).toBe(404);
  });

  it('hands an answer of the general rules back at once, headers and log line done (the Node server then writes it without a promise)', () => {
    for (const [path, status] of [['/api/things', 301], ['/api/things/%2e/', 404]] as const) {
      const answer = app.fetch(new Request(`http://localhost${path}`), { incoming: { url: path } });
      expect(answer).toBeInstanceOf(Response);
      expect([path, (answer as Response).status, (answer as Response).headers.get('x-request-id')]).toEqual([path, status, expect.stringMatching(uuid)]);
    }
    expect(logged.filter((line) => line.msg === 'request').map((line) => line.status)).toEqual([301, 404]);
  });

  it('still serves a dot inside a segment', async () => {
    expect((await request('/api/v1.0/')).status).toBe(200);
    expect((await app.fetch(new Request('http://localhost/api/things/.x/'), { incoming: { url: '/api/things/.x/' } })).status).toBe(200);
  });
});

describe('security headers', () => {
  const securityHeaders = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'same-origin',
    'cross-origin-opener-policy': 'same-origin',
  };

  it.each([
    ['a JSON answer', '/api/things/', 'GET'],
    ['a 204', '/api/things/1/', 'DELETE'],
    ['a 301', '/api/things', 'GET'],
    ['a 404', '/api/nothing/', 'GET'],
    ['a 405', '/api/actions/', 'GET'],
    ['a 500', '/api/fail/crash/', 'GET'],
  ])('come with %s', async (_case, path, method) => {
    const response = await request(path, { method });
    expect(Object.fromEntries(response.headers)).toMatchObject(securityHeaders);
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('add HSTS over HTTPS only', async () => {
    const response = await app.request('https://localhost/api/things/');
    expect(Object.fromEntries(response.headers)).toMatchObject({ ...securityHeaders, 'strict-transport-security': 'max-age=31536000' });
  });

  it('do not add HSTS over HTTP for a client\'s X-Forwarded-Proto without TRUST_PROXY', async () => {
    const response = await request('/api/things/', { headers: { 'x-forwarded-proto': 'https' } });
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('errors', () => {
  it('renders a thrown HttpError with its status, body and headers', async () => {
    const response = await request('/api/fail/http/');
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toEqual({ detail: 'Request was throttled. Expected available in 7 seconds.' });
  });

  it('renders a Hono HTTPException as {"detail"} with its status', async () => {
    const response = await request('/api/fail/hono/');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ detail: 'Token expired.' });
  });

  it('answers an unexpected error with 500 "Server error." and neither its message nor a stack', async () => {
    const response = await request('/api/fail/crash/');
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ detail: 'Server error.' });
    expect(text).not.toContain('password');
    expect(text).not.toContain('app.test.ts');
    expect(text).not.toMatch(/\bat /);
  });

  it('logs an unexpected error with its message, stack and the request id', async () => {
    const response = await request('/api/fail/crash/');
    const errors = logged.filter((line) => line.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      msg: 'unhandled error',
      request_id: response.headers.get('x-request-id'),
      method: 'GET',
      path: '/api/fail/crash/',
      error: { name: 'Error', message: secret, stack: expect.stringContaining('app.test.ts') as unknown },
    });
  });

  it('still logs and answers 500 to an unexpected error after the client hung up, not a quiet 499', async () => {
    const hungUp = new AbortController();
    hungUp.abort();
    const response = await request('/api/fail/crash/', { signal: hungUp.signal });
    expect(response.status).toBe(500);
    expect(logged.filter((line) => line.msg === 'request aborted')).toEqual([]);
    expect(logged.filter((line) => line.level === 'error')).toMatchObject([{ msg: 'unhandled error' }]);
  });

  it('still answers 503 and warns when the database is unavailable after the client hung up', async () => {
    const hungUp = new AbortController();
    hungUp.abort();
    const response = await request('/api/fail/code/ECONNREFUSED/', { signal: hungUp.signal });
    expect(response.status).toBe(503);
    expect(logged).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'database unavailable' }));
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', '57P01', '08006'])(
    'answers 503 with Retry-After when the database is unavailable (%s), without the error',
    async (code) => {
      const response = await request(`/api/fail/code/${code}/`);
      expect(response.status).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      const text = await response.text();
      expect(text).not.toContain('password');
      expect(JSON.parse(text)).toEqual({ detail: expect.any(String) as unknown });
      expect(logged).toContainEqual(
        expect.objectContaining({ level: 'warn', request_id: response.headers.get('x-request-id') }),
      );
      expect(logged.filter((line) => line.level === 'error')).toEqual([]);
    },
  );

  it('answers 503 when every address of the database refused the connection (AggregateError)', async () => {
    const response = await request('/api/fail/aggregate/');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).not.toBeNull();
  });

  it('answers 500, not 503, to a database error that is not about the connection', async () => {
    // 23505 is a unique violation: a bug to fix, not a database to wait for.
    const response = await request('/api/fail/code/23505/');
    expect(response.status).toBe(500);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(await response.json()).toEqual({ detail: 'Server error.' });
  });
});

describe('request id', () => {
  it.each([
    ['a 200', '/api/things/', 'GET'],
    ['a HEAD', '/api/things/', 'HEAD'],
    ['an OPTIONS', '/api/things/', 'OPTIONS'],
    ['a 404', '/api/nothing/', 'GET'],
    ['a 405', '/api/things/', 'PUT'],
    ['a thrown HttpError', '/api/fail/http/', 'GET'],
    ['a 500', '/api/fail/crash/', 'GET'],
    ['a 503', '/api/fail/code/ECONNREFUSED/', 'GET'],
  ])('gives %s a fresh UUID in X-Request-Id', async (_case, path, method) => {
    const response = await request(path, { method });
    expect(response.headers.get('x-request-id')).toMatch(uuid);
  });

  it('gives each request its own id', async () => {
    const first = await request('/api/things/');
    const second = await request('/api/things/');
    expect(first.headers.get('x-request-id')).not.toBe(second.headers.get('x-request-id'));
  });

  it.each(['abc-123', 'trace.id:42_x', 'a'.repeat(128)])('keeps an incoming X-Request-Id that is a safe token (%s)', async (incoming) => {
    const response = await request('/api/things/', { headers: { 'x-request-id': incoming } });
    expect(response.headers.get('x-request-id')).toBe(incoming);
  });

  it('keeps a safe incoming id on error responses and in the log', async () => {
    const response = await request('/api/fail/crash/', { headers: { 'x-request-id': 'upstream-7' } });
    expect(response.headers.get('x-request-id')).toBe('upstream-7');
    expect(logged).toContainEqual(expect.objectContaining({ level: 'error', request_id: 'upstream-7' }));
  });

  it.each(['has space', 'a'.repeat(129), '<script>', 'new\tline', 'café', ''])(
    'replaces an unsafe incoming X-Request-Id (%j) with a UUID',
    async (incoming) => {
      const response = await request('/api/things/', { headers: { 'x-request-id': incoming } });
      expect(response.headers.get('x-request-id')).toMatch(uuid);
    },
  );
});

describe('allowed hosts', () => {
  it.each(['http://localhost/', 'http://localhost:8000/', 'http://127.0.0.1:8000/', 'http://[::1]:8000/', 'http://LOCALHOST/'])(
    'serves %s, a default allowed host',
    async (origin) => {
      const response = await app.request(new URL('/api/things/', origin).href);
      expect(response.status).toBe(200);
    },
  );

  it('answers 400 to a Host outside ALLOWED_HOSTS, before any routing', async () => {
    for (const [path, method] of [['/api/things/', 'GET'], ['/api/things/', 'POST'], ['/api/nothing/', 'GET']] as const) {
      const response = await app.request(`http://evil.example${path}`, { method });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('x-request-id')).toMatch(uuid);
      expect(await response.json()).toEqual({ detail: 'Invalid host header: "evil.example" is not in ALLOWED_HOSTS.' });
    }
  });

  it('answers 400, not the APPEND_SLASH redirect, to a Host outside ALLOWED_HOSTS (as Django, whose redirect reads the host)', async () => {
    const response = await app.request('http://evil.example/api/things/42?a=1');
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.json()).toEqual({ detail: 'Invalid host header: "evil.example" is not in ALLOWED_HOSTS.' });
  });

  describe('with ALLOWED_HOSTS=".example.com,api.test"', () => {
    afterEach(() => {
      vi.unstubAllEnvs();
      vi.resetModules();
    });

    it('allows a domain and its subdomains for a leading dot, and nothing that merely ends the same', async () => {
      vi.stubEnv('ALLOWED_HOSTS', '.example.com,api.test');
      vi.resetModules();
      const fresh = await import('./app.ts');
      const hosted = fresh.createFunctionApp();
      fresh.defineRoute(hosted, { method: 'get', path: '/api/things/', responses: ok }, (c) => c.json({ things: [] }));
      const statusFor = async (origin: string) => (await hosted.request(`${origin}/api/things/`)).status;

      expect(await statusFor('http://example.com')).toBe(200);
      expect(await statusFor('http://www.example.com')).toBe(200);
      expect(await statusFor('http://a.b.example.com:8443')).toBe(200);
      expect(await statusFor('http://api.test')).toBe(200);
      expect(await statusFor('http://badexample.com')).toBe(400);
      expect(await statusFor('http://www.api.test')).toBe(400);
      expect(await statusFor('http://localhost')).toBe(400);
    });
  });
});
