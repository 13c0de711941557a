// The rules every answer follows, whoever serves it: the emulator's gateway
// or one function deployed alone (lib/http/lambda.ts). Django's APPEND_SLASH,
// exact paths only, the request id, the security headers of Django's
// SecurityMiddleware and one log line per request. lib/http/app.ts wraps each
// function app's fetch in them, so a bundle answers as the emulator does.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { getPath } from 'hono/utils/url';
import { loadConfig } from '../config.ts';
import { log, logs } from '../log.ts';
import type { RouteTable } from './route-table.ts';

type Dispatch = (request: Request) => Response | Promise<Response>;

// The id each request carries through its function (read by the requestId
// middleware in lib/http/app.ts), keyed by the Request the router receives.
const requestIds = new WeakMap<Request, string>();

/**
 * The one request id of `request`, made on first ask: the caller's
 * X-Request-Id when it is a plain token (a proxy's id, to follow one request
 * through several logs), else a new UUID.
 */
export function requestIdOf(request: Request): string {
  let id = requestIds.get(request);
  if (id === undefined) {
    const incoming = request.headers.get('x-request-id');
    id = incoming !== null && /^[\w.:-]{1,128}$/.test(incoming) ? incoming : randomUUID();
    requestIds.set(request, id);
  }
  return id;
}

/** Serves `request` with `dispatch` (the function's router) under the general rules. */
export async function serveWithGeneralRules(request: Request, env: unknown, routes: RouteTable, dispatch: Dispatch): Promise<Response> {
  const started = performance.now();
  const requestId = requestIdOf(request);
  const url = new URL(request.url);
  let response: Response;
  if (hasDotSegment(rawPath(env) ?? url.pathname)) {
    response = Response.json({ detail: 'Not found.' }, { status: 404 });
  } else {
    const slashed = appendSlash(request, url, routes, stagePrefix(env));
    if (slashed instanceof Response) {
      response = slashed;
    } else {
      // The path with its slash appended is the same request: it keeps its id.
      if (slashed !== null) requestIds.set(slashed, requestId);
      response = await dispatch(slashed ?? request);
    }
  }
  response.headers.set('X-Request-Id', requestId);
  addSecurityHeaders(response.headers, isHttps(request, url));
  if (logs('info')) {
    log.info('request', {
      method: request.method,
      path: url.pathname,
      status: response.status,
      duration_ms: Math.round((performance.now() - started) * 10) / 10,
      request_id: requestId,
    });
  }
  return response;
}

// The path exactly as the client sent it. The WHATWG URL parser that made
// request.url has already resolved "." and ".." segments, percent-encoded
// ones included, so /api/recipe/recipes/%2e/ would reach the recipe list.
function rawPath(env: unknown): string | undefined {
  const incoming = (env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming?.url !== undefined) return incoming.url.split('?', 1)[0];
  return (env as { event?: { rawPath?: unknown } } | undefined)?.event?.rawPath as string | undefined;
}

// Behind API Gateway's named stage the client's path starts with the stage
// (lib/http/lambda.ts takes it off); a redirect must put it back.
function stagePrefix(env: unknown): string {
  return (env as { event?: { stagePrefix?: string } } | undefined)?.event?.stagePrefix ?? '';
}

// Django resolves the decoded path as it is, so a dot segment (plain or
// percent-encoded) matches no route: 404, never the route it would resolve to.
function hasDotSegment(path: string): boolean {
  return path.includes('\\') || path.split('/').some((segment) => /^(\.|%2e){1,2}$/i.test(segment));
}

// Django's APPEND_SLASH for /api/ and /admin/: when only the path with a slash
// exists, a GET or HEAD without it is redirected (301, query kept). Other
// methods are served as if the slash were there, because a client following a
// 301 turns its POST into a GET and drops the body. Files (/static/...) are
// matched exactly.
function appendSlash(request: Request, url: URL, routes: RouteTable, prefix: string): Request | Response | null {
  if (url.pathname.endsWith('/') || !/^\/(api|admin)(\/|$)/.test(url.pathname)) return null;
  const path = getPath(request);
  if (routes.serves(path) || !routes.serves(`${path}/`)) return null;
  const slashed = new URL(url);
  slashed.pathname += '/';
  if (request.method === 'GET' || request.method === 'HEAD') {
    return new Response(null, { status: 301, headers: { Location: `${prefix}${slashed.pathname}${slashed.search}` } });
  }
  return new Request(slashed, { method: request.method, headers: request.headers, body: request.body, signal: request.signal, duplex: 'half' });
}

// What Django's SecurityMiddleware and XFrameOptionsMiddleware add to every
// answer of the original. HSTS only over HTTPS (a browser ignores it over
// HTTP, and sending it there would pin a local server to HTTPS).
function addSecurityHeaders(headers: Headers, https: boolean): void {
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('X-Frame-Options', 'DENY');
  headers.set('Referrer-Policy', 'same-origin');
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  if (https) headers.set('Strict-Transport-Security', 'max-age=31536000');
}

// Behind a proxy that terminates TLS (TRUST_PROXY), its X-Forwarded-Proto says.
function isHttps(request: Request, url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return loadConfig().trustProxy && request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}
