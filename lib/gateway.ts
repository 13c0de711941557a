// The emulator's router: what an API gateway does in front of deployed
// functions. It sends each request to the function that declares its path,
// applies Django's trailing-slash rule, answers unknown paths with DRF's JSON
// 404 and logs one line per request. Everything else is the functions' own.
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { type FunctionApp, pathPattern } from './http/app.ts';
import { log, logs } from './log.ts';

export type Fetch = (request: Request, env?: unknown) => Promise<Response>;

export function createGateway(apps: readonly FunctionApp[]): Fetch {
  const router = new Hono();
  const patterns: RegExp[] = [];
  for (const app of apps) {
    const paths = new Set(app.routes.filter(({ method }) => method !== 'ALL').map(({ path }) => path));
    for (const path of paths) {
      router.all(path, (c) => app.fetch(c.req.raw, c.env));
      patterns.push(pathPattern(path));
    }
  }
  router.notFound((c) => c.json({ detail: 'Not found.' }, 404));
  const isRouted = (path: string) => patterns.some((pattern) => pattern.test(path));

  return async (request, env) => {
    const started = performance.now();
    const slashed = appendSlash(request, isRouted);
    const response = slashed instanceof Response ? slashed : await router.fetch(slashed ?? request, env);
    // Functions tag their answers; the gateway's own (301, unknown path) get an id here.
    if (!response.headers.has('x-request-id')) response.headers.set('X-Request-Id', randomUUID());
    if (!logs('info')) return response;
    const url = new URL(request.url);
    log.info('request', {
      method: request.method,
      path: url.pathname,
      status: response.status,
      duration_ms: Math.round((performance.now() - started) * 10) / 10,
      request_id: response.headers.get('x-request-id'),
    });
    return response;
  };
}

// Django's APPEND_SLASH for /api/ and /admin/: when only the path with a slash
// exists, a GET or HEAD without it is redirected (301, query kept). Other
// methods are served as if the slash were there, because a client following a
// 301 turns its POST into a GET and drops the body. Files (/static/...) are
// matched exactly.
function appendSlash(request: Request, isRouted: (path: string) => boolean): Request | Response | null {
  const url = new URL(request.url);
  if (url.pathname.endsWith('/') || !/^\/(api|admin)(\/|$)/.test(url.pathname)) return null;
  if (isRouted(url.pathname) || !isRouted(`${url.pathname}/`)) return null;
  url.pathname += '/';
  if (request.method === 'GET' || request.method === 'HEAD') {
    return new Response(null, { status: 301, headers: { Location: `${url.pathname}${url.search}` } });
  }
  return new Request(url, { method: request.method, headers: request.headers, body: request.body, signal: request.signal, duplex: 'half' });
}
