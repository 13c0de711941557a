import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createGateway } from './gateway.ts';
import { createFunctionApp, defineRoute, type FunctionHandler } from '../http/app.ts';
import { readBody } from '../http/body.ts';
import { captureLog, type LogLine } from '../testing/capture-log.ts';

const ok = { 200: { description: 'OK' } };

// Two function apps, as two function files would be.
const things = createFunctionApp();
defineRoute(things, { method: 'get', path: '/api/x/', responses: ok }, (c) => c.json({ app: 'things', query: c.req.query() }));
defineRoute(things, { method: 'post', path: '/api/x/', responses: ok }, async (c) =>
  c.json({ app: 'things', path: c.req.path, query: c.req.query(), body: await readBody(c) }),
);
// The Node server passes its env (the socket, for the client's address) to every request.
const showEnv: FunctionHandler = (c) => {
  const env = c.env as { marker?: string } | undefined;
  return c.json({ marker: env?.marker ?? null });
};
defineRoute(things, { method: 'get', path: '/api/env/', responses: ok }, showEnv);
defineRoute(things, { method: 'post', path: '/api/env/', responses: ok }, showEnv);

const others = createFunctionApp();
defineRoute(others, { method: 'get', path: '/admin/', responses: ok }, (c) => c.text('admin'));
defineRoute(others, { method: 'get', path: '/api/y/{id}/', responses: ok }, (c) => c.json({ app: 'others', id: c.req.param('id') }));
defineRoute(others, { method: 'get', path: '/static/file.txt', responses: ok }, (c) => c.text('a file'));

const gateway = createGateway([things, others]);
const send = (path: string, init?: RequestInit, env?: unknown) => gateway(new Request(new URL(path, 'http://localhost'), init), env);
const json = { 'content-type': 'application/json' };

let logged: LogLine[] = [];
beforeEach(() => {
  const capture = captureLog();
  logged = capture.lines;
  return capture.restore;
});

describe('routing', () => {
  it('sends each request to the app that declares its path', async () => {
    const first = await send('/api/x/?q=1');
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ app: 'things', query: { q: '1' } });
    const second = await send('/api/y/5/');
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ app: 'others', id: '5' });
  });

  it('sends a path two apps serve to the first in the manifest, whether a pattern or a fixed path matches it', async () => {
    const byPattern = createFunctionApp();
    defineRoute(byPattern, { method: 'get', path: '/api/items/{id}/', responses: ok }, (c) => c.text('pattern'));
    const byName = createFunctionApp();
    defineRoute(byName, { method: 'get', path: '/api/items/new/', responses: ok }, (c) => c.text('fixed'));
    const answer = async (apps: Parameters<typeof createGateway>[0], path: string) => (await createGateway(apps)(new Request(`http://localhost${path}`))).text();
    expect(await answer([byPattern, byName], '/api/items/new/')).toBe('pattern');
    expect(await answer([byName, byPattern], '/api/items/new/')).toBe('fixed');
    expect(await answer([byName, byPattern], '/api/items/7/')).toBe('pattern');
  });

  it('reads a percent-encoded path as the app will, decoded', async () => {
    const response = await send('/api/%79/%35/');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ app: 'others', id: '5' });
  });

  it('leaves methods to the app, which answers its own 405 and OPTIONS', async () => {
    const patch = await send('/api/x/', { method: 'PATCH' });
    expect(patch.status).toBe(405);
    expect(patch.headers.get('allow')).toBe('GET, POST, HEAD, OPTIONS');
    expect(await patch.json()).toEqual({ detail: 'Method "PATCH" not allowed.' });
    const options = await send('/api/y/5/', { method: 'OPTIONS' });
    expect(options.status).toBe(200);
    expect(options.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });

  it('passes the app\'s headers through, X-Request-Id included', async () => {
    const response = await send('/api/x/', { headers: { 'x-request-id': 'upstream-1' } });
    expect(response.headers.get('x-request-id')).toBe('upstream-1');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('hands the server\'s env to the app', async () => {
    const response = await send('/api/env/', undefined, { marker: 'from the server' });
    expect(await response.json()).toEqual({ marker: 'from the server' });
  });

  it.each(['/api/unknown/', '/api/y/5/extra/', '/', '/favicon.ico', '/apix'])('answers %s, which no app declares, with JSON 404', async (path) => {
    const response = await send(path);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ detail: 'Not found.' });
  });

  it('answers an unknown path with 404 whatever the method', async () => {
    const response = await send('/api/unknown/', { method: 'DELETE' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ detail: 'Not found.' });
  });
});

describe('trailing slash', () => {
  it.each([
    ['GET', '/api/x?q=1', '/api/x/?q=1'],
    ['HEAD', '/api/x?q=1', '/api/x/?q=1'],
    ['GET', '/api/x', '/api/x/'],
    ['GET', '/api/y/5?a=1&b=two%20words', '/api/y/5/?a=1&b=two%20words'],
    ['GET', '/admin', '/admin/'],
  ])('redirects %s %s with 301 to %s, keeping the query', async (method, path, location) => {
    const response = await send(path, { method });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe(location);
    expect(await response.text()).toBe('');
  });

  it.each([['GET'], ['POST']])('answers %s of an unknown path without the slash with 404 at once, as Django does', async (method) => {
    const response = await send('/api/nothing', { method });
    expect(response.status).toBe(404);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves a POST without the slash as if it were there, its JSON body intact', async () => {
    const body = { title: 'Soup', tags: [{ name: 'vegan' }], note: 'x'.repeat(200_000) };
    const response = await send('/api/x?q=1', { method: 'POST', headers: json, body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ app: 'things', path: '/api/x/', query: { q: '1' }, body });
  });

  it('keeps the content type of a form POSTed without the slash', async () => {
    const response = await send('/api/x', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'title=Soup&tags=1&tags=2',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ body: { title: 'Soup', tags: ['1', '2'] } });
  });

  it('hands the server\'s env to the app when it adds the slash', async () => {
    const response = await send('/api/env', { method: 'POST' }, { marker: 'from the server' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ marker: 'from the server' });
  });

  it.each(['PUT', 'PATCH', 'DELETE', 'OPTIONS'])('serves %s without the slash rather than redirecting it', async (method) => {
    const response = await send('/api/y/5', { method });
    expect(response.status).toBe(method === 'OPTIONS' ? 200 : 405);
    expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(response.headers.get('location')).toBeNull();
  });

  it('matches /static/ paths exactly, without adding a slash', async () => {
    const file = await send('/static/file.txt');
    expect(file.status).toBe(200);
    expect(await file.text()).toBe('a file');
    const folder = await send('/static/file');
    expect(folder.status).toBe(404);
    expect(folder.headers.get('location')).toBeNull();
  });
});

describe('request log', () => {
  it('logs one line per request with method, path, status, duration and the request id', async () => {
    const response = await send('/api/x/?token=not-for-logs', { headers: { 'x-request-id': 'req-42' } });
    const lines = logged.filter((line) => line.msg === 'request');
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', method: 'GET', path: '/api/x/', status: 200, request_id: 'req-42' }),
    ]);
    expect(response.headers.get('x-request-id')).toBe('req-42');
    expect(lines[0]?.duration_ms).toEqual(expect.any(Number));
    expect(JSON.stringify(lines[0])).not.toContain('not-for-logs');
  });

  it('logs the generated request id that the response carries', async () => {
    const response = await send('/api/y/5/');
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(logged).toContainEqual(expect.objectContaining({ msg: 'request', status: 200, request_id: id }));
  });

  it('measures the duration in milliseconds, to a tenth', async () => {
    const now = vi.spyOn(performance, 'now').mockReturnValueOnce(1000).mockReturnValueOnce(1012.345);
    try {
      await send('/api/x/');
    } finally {
      now.mockRestore();
    }
    expect(logged).toContainEqual(expect.objectContaining({ msg: 'request', duration_ms: 12.3 }));
  });

  it.each([
    ['a redirect', 'GET', '/api/x?q=1', 301],
    ['a POST served without the slash', 'POST', '/api/x', 200],
    ['an unknown path', 'GET', '/api/unknown/', 404],
    ['a 405', 'DELETE', '/api/x/', 405],
  ])('logs %s once, with the path as requested and the status sent', async (_case, method, path, status) => {
    const response = await send(path, { method, ...(method === 'POST' ? { headers: json, body: '{}' } : {}) });
    expect(response.status).toBe(status);
    const lines = logged.filter((line) => line.msg === 'request');
    expect(lines).toEqual([expect.objectContaining({ method, path: new URL(path, 'http://localhost').pathname, status })]);
  });
});
