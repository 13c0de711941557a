// The emulator's router: what an API gateway does in front of deployed
// functions. It sends each request to the function that declares its path,
// applies Django's trailing-slash rule, answers unknown paths with DRF's JSON
// 404 and logs one line per request. Everything else is the functions' own.
import { randomUUID } from 'node:crypto';
import { getPath } from 'hono/utils/url';
import { type FunctionApp, pathPattern } from './http/app.ts';
import { log, logs } from './log.ts';

export type Fetch = (request: Request, env?: unknown) => Promise<Response>;

export function createGateway(apps: readonly FunctionApp[]): Fetch {
  // Each function's paths, matched in order. A plain list rather than a
  // second Hono router in front of each function's own: a request is routed
  // (and gets a Hono context) once, in its function.
  const routes: { readonly pattern: RegExp; readonly app: FunctionApp }[] = [];
  for (const app of apps) {
    const paths = new Set(app.routes.filter(({ method }) => method !== 'ALL').map(({ path }) => path));
    for (const path of paths) routes.push({ pattern: pathPattern(path), app });
  }
  const appFor = (path: string) => routes.find(({ pattern }) => pattern.test(path))?.app;
  const isRouted = (path: string) => appFor(path) !== undefined;

  return async (request, env) => {
    const started = performance.now();
    const url = new URL(request.url);
    const slashed = appendSlash(request, url, isRouted);
    let response: Response;
    if (slashed instanceof Response) {
      response = slashed;
    } else {
      const forwarded = slashed ?? request;
      // The path as the function's Hono router will read it (percent-decoded).
      const app = appFor(getPath(forwarded));
      response = app === undefined ? Response.json({ detail: 'Not found.' }, { status: 404 }) : await app.fetch(forwarded, env);
    }
    // Functions tag their answers; the gateway's own (301, unknown path) get an id here.
    if (!response.headers.has('x-request-id')) response.headers.set('X-Request-Id', randomUUID());
    if (!logs('info')) return response;
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
function appendSlash(request: Request, url: URL, isRouted: (path: string) => boolean): Request | Response | null {
  if (url.pathname.endsWith('/') || !/^\/(api|admin)(\/|$)/.test(url.pathname)) return null;
  if (isRouted(url.pathname) || !isRouted(`${url.pathname}/`)) return null;
  const slashed = new URL(url);
  slashed.pathname += '/';
  if (request.method === 'GET' || request.method === 'HEAD') {
    return new Response(null, { status: 301, headers: { Location: `${slashed.pathname}${slashed.search}` } });
  }
  return new Request(slashed, { method: request.method, headers: request.headers, body: request.body, signal: request.signal, duplex: 'half' });
}
