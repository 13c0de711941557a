// The rules every answer follows, whoever serves it: the emulator's gateway
// or one function deployed alone (lib/http/lambda.ts). Django's APPEND_SLASH,
// exact paths only, the request id, the security headers of Django's
// SecurityMiddleware and one log line per request. lib/http/app.ts wraps each
// function app's fetch in them, so a bundle answers as the emulator does.
import { randomUUID } from 'node:crypto';
import { IncomingMessage, type OutgoingHttpHeader, type OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { getPath } from 'hono/utils/url';
import { loadConfig } from '../config.ts';
import { logRequest, logs } from '../log.ts';
import type { RouteTable } from './route-table.ts';

/** The function's router (Hono's fetch), called with what the server passed. */
type Dispatch<Context> = (request: Request, env: unknown, executionContext: Context) => Response | Promise<Response>;

// What the general rules attach to the Request the router receives: its id
// (handlers and the error renderer read it with requestIdOf) and, served by Node,
// the Node request whose body it carries unread. Kept on the Request itself
// under private symbols: a WeakMap entry per request costs the garbage
// collector more than a property.
const requestIdKey = Symbol('requestId');
const nodeBodyKey = Symbol('nodeBody');
type MarkedRequest = Request & { [requestIdKey]?: string; [nodeBodyKey]?: IncomingMessage };

/**
 * The one request id of `request`, made on first ask: the caller's
 * X-Request-Id when it is a plain token (a proxy's id, to follow one request
 * through several logs), else a new UUID.
 */
export function requestIdOf(request: Request, incoming?: IncomingMessage): string {
  const marked = request as MarkedRequest;
  let id = marked[requestIdKey];
  if (id === undefined) {
    const given = headerOf(request, incoming, 'x-request-id');
    id = given !== undefined && plainToken.test(given) ? given : randomUUID();
    marked[requestIdKey] = id;
  }
  return id;
}

const plainToken = /^[\w.:-]{1,128}$/;

/**
 * Serves `request` with `dispatch` (the function's router) under the general
 * rules. Not async: an answer the router gives at once (a 404, a 405, a
 * redirect) is finished and returned at once, and a promised one gets one
 * `then`, not an async function's promise and resumption around it.
 */
export function serveWithGeneralRules<Context>(
  request: Request,
  env: unknown,
  executionContext: Context,
  routes: RouteTable,
  dispatch: Dispatch<Context>,
): Response | Promise<Response> {
  // The clock only for the log line.
  const started = logs('info') ? performance.now() : -1;
  const incoming = nodeRequestOf(env);
  const requestId = requestIdOf(request, incoming);
  // request.url is already parsed and normalised (by the Request, or by
  // @hono/node-server, which passes only plain URLs through unparsed): its
  // parts are read from the string, not parsed again on every request.
  const url = request.url;
  const path = pathOf(url);
  let answer: Response | Promise<Response>;
  if (hasDotSegment(rawPath(env) ?? path)) {
    answer = Response.json({ detail: 'Not found.' }, { status: 404 });
  } else if (!isAllowedHost(hostOf(url))) {
    answer = Response.json({ detail: `Invalid host header: "${hostOf(url)}" is not in ALLOWED_HOSTS.` }, { status: 400 });
  } else {
    const slashed = appendSlash(request, path, routes, env);
    if (slashed instanceof Response) {
      answer = slashed;
    } else if (slashed !== null) {
      // The path with its slash appended is the same request: it keeps its id.
      (slashed as MarkedRequest)[requestIdKey] = requestId;
      answer = dispatch(slashed, env, executionContext);
    } else {
      if (incoming !== undefined && request.method !== 'GET' && request.method !== 'HEAD') (request as MarkedRequest)[nodeBodyKey] = incoming;
      answer = dispatch(request, env, executionContext);
    }
  }
  if (answer instanceof Promise) return answer.then((response) => answered(response, request, env, requestId, url, path, started));
  return answered(answer, request, env, requestId, url, path, started);
}

// The general headers and the log line of an answer; `started` is -1 when nothing is logged.
function answered(response: Response, request: Request, env: unknown, requestId: string, url: string, path: string, started: number): Response {
  addGeneralHeaders(response, env, requestId, isHttps(request, url));
  if (started >= 0) {
    logRequest({
      method: request.method,
      path,
      status: response.status,
      started,
      requestId,
    });
  }
  return response;
}

/**
 * The Node request (when @hono/node-server serves) whose body `request`
 * carries unread: lib/http/body.ts reads it straight from Node's stream,
 * without building a web stream around it. Only for the Request served as
 * it came: a copy (APPEND_SLASH) reads its body through its own stream.
 */
export function unreadNodeBodyOf(request: Request): IncomingMessage | undefined {
  const incoming = (request as MarkedRequest)[nodeBodyKey];
  return incoming === undefined || incoming.readableDidRead || incoming.listenerCount('data') > 0 ? undefined : incoming;
}

/** A request header as a handler reads it (headerOf). */
export function requestHeader(c: { readonly env: unknown; readonly req: { readonly raw: Request } }, name: HeaderName): string | undefined {
  return headerOf(c.req.raw, nodeRequestOf(c.env), name);
}

type HeaderName = 'authorization' | 'content-length' | 'content-type' | 'x-request-id';

// Served by Node, a header is read from Node's parsed headers: the Request's
// Headers stand-in checks and normalises the name and value on every read,
// which Node's parser has done already. Node keeps the first of a repeated
// Authorization and joins a repeated X-Request-Id.
function headerOf(request: Request, incoming: IncomingMessage | undefined, name: HeaderName): string | undefined {
  if (incoming === undefined) return request.headers.get(name) ?? undefined;
  const value = incoming.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function incomingOf(env: unknown): IncomingMessage | undefined {
  return (env as { incoming?: IncomingMessage } | undefined)?.incoming;
}

// The Node request @hono/node-server passed, if a real one (a test may pass a stand-in with just a socket address).
function nodeRequestOf(env: unknown): IncomingMessage | undefined {
  const incoming = incomingOf(env);
  return incoming instanceof IncomingMessage ? incoming : undefined;
}

// The path of an absolute URL string (scheme://authority/path?query#fragment).
function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return '/';
  const query = url.indexOf('?', start);
  const fragment = url.indexOf('#', start);
  const end = Math.min(query < 0 ? url.length : query, fragment < 0 ? url.length : fragment);
  return url.slice(start, end);
}

// The host name of an absolute URL string, without port, as URL.hostname
// gives it (the URL is normalised: lower case, IPv6 in brackets).
function hostOf(url: string): string {
  const start = url.indexOf('//') + 2;
  const slash = url.indexOf('/', start);
  const authority = url.slice(start, slash < 0 ? url.length : slash);
  if (authority.includes('@')) return new URL(url).hostname;
  const colon = authority.lastIndexOf(':');
  return colon > authority.lastIndexOf(']') ? authority.slice(0, colon) : authority;
}

// Django's ALLOWED_HOSTS: "*" allows any host, ".example.com" a domain and
// its subdomains. The last answer is kept: nearly every request names the host the one before did.
function isAllowedHost(host: string): boolean {
  const patterns = loadConfig().allowedHosts;
  if (host === lastHost && patterns === lastPatterns) return lastAllowed;
  const name = host.toLowerCase();
  lastAllowed = patterns.some((pattern) => pattern === '*' || pattern === name || (pattern.startsWith('.') && (name.endsWith(pattern) || name === pattern.slice(1))));
  lastHost = host;
  lastPatterns = patterns;
  return lastAllowed;
}
let lastHost: string | undefined;
let lastPatterns: readonly string[] | undefined;
let lastAllowed = false;

// The path exactly as the client sent it. The WHATWG URL parser that made
// request.url has already resolved "." and ".." segments, percent-encoded
// ones included, so /api/recipe/recipes/%2e/ would reach the recipe list.
function rawPath(env: unknown): string | undefined {
  const incoming = incomingOf(env);
  if (incoming?.url !== undefined) {
    const query = incoming.url.indexOf('?');
    return query < 0 ? incoming.url : incoming.url.slice(0, query);
  }
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
  return path.includes('\\') || (path.includes('.') || path.includes('%')) && dotSegment.test(path);
}
const dotSegment = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;

// Django's APPEND_SLASH for /api/ and /admin/: when only the path with a slash
// exists, a GET or HEAD without it is redirected (301, query kept). Other
// methods are served as if the slash were there, because a client following a
// 301 turns its POST into a GET and drops the body. Files (/static/...) are
// matched exactly.
function appendSlash(request: Request, pathname: string, routes: RouteTable, env: unknown): Request | Response | null {
  if (pathname.endsWith('/') || !/^\/(api|admin)(\/|$)/.test(pathname)) return null;
  const path = getPath(request);
  if (routes.serves(path) || !routes.serves(`${path}/`)) return null;
  const slashed = new URL(request.url);
  slashed.pathname += '/';
  if (request.method === 'GET' || request.method === 'HEAD') {
    return new Response(null, { status: 301, headers: { Location: `${stagePrefix(env)}${slashed.pathname}${slashed.search}` } });
  }
  return new Request(slashed, { method: request.method, headers: request.headers, body: request.body, signal: request.signal, duplex: 'half' });
}

// What Django's SecurityMiddleware and XFrameOptionsMiddleware add to every
// answer of the original. HSTS only over HTTPS (a browser ignores it over
// HTTP, and sending it there would pin a local server to HTTPS).
const securityHeaders = [
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'same-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
] as const;
const hsts = 'max-age=31536000';

// The names of the headers above in lower case, to let an answer's own header of the same name win.
const generalNames = new Set(['x-request-id', 'strict-transport-security', ...securityHeaders.map(([name]) => name.toLowerCase())]);

/**
 * Node's response as the emulator makes it (lib/emulator/listen.ts): the
 * general rules leave the request id here, and the headers are written in the
 * one writeHead that writes the answer's own. Setting them one by one with
 * setHeader made Node validate and store each and then merge the answer's
 * headers into them: ~3 µs per request, a fifth of a small answer's CPU.
 */
export class GeneralRulesResponse<Incoming extends IncomingMessage = IncomingMessage> extends ServerResponse<Incoming> {
  /** Set by the general rules once the answer is known; undefined before and after its head is written. */
  requestId: string | undefined = undefined;
  https = false;

  override writeHead(statusCode: number, reasonOrHeaders?: string | OutgoingHttpHeaders | OutgoingHttpHeader[], headers?: OutgoingHttpHeaders | OutgoingHttpHeader[]): this {
    const requestId = this.requestId;
    if (requestId === undefined) return super.writeHead(statusCode, reasonOrHeaders as string, headers);
    this.requestId = undefined;
    const reason = typeof reasonOrHeaders === 'string' ? reasonOrHeaders : undefined;
    const own = reason === undefined ? reasonOrHeaders as OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined : headers;
    // Raw [name, value, …] lists, and an answer that sets one of ours itself
    // (whose value wins), take the slow way: ours set first, theirs merged over them.
    if (Array.isArray(own) || (own !== undefined && setsGeneralHeader(own))) {
      setGeneralHeaders(this, requestId, this.https);
      return super.writeHead(statusCode, reason as string, own);
    }
    const all: OutgoingHttpHeaders = { 'X-Request-Id': requestId };
    for (const [name, value] of securityHeaders) all[name] = value;
    if (this.https) all['Strict-Transport-Security'] = hsts;
    if (own !== undefined) for (const name in own) all[name] = own[name];
    return super.writeHead(statusCode, reason as string, all);
  }
}

// The request id and the security headers. Served by the emulator they go
// onto Node's response (GeneralRulesResponse above writes them with the
// answer's own headers); the answer's headers stay a plain object, with no
// Headers built and copied again for every response.
function addGeneralHeaders(response: Response, env: unknown, requestId: string, https: boolean): void {
  const outgoing = (env as { outgoing?: unknown } | undefined)?.outgoing;
  if (outgoing instanceof GeneralRulesResponse) {
    outgoing.requestId = requestId;
    outgoing.https = https;
    return;
  }
  if (outgoing instanceof ServerResponse) {
    setGeneralHeaders(outgoing, requestId, https);
    return;
  }
  const headers = response.headers;
  headers.set('X-Request-Id', requestId);
  for (const [name, value] of securityHeaders) headers.set(name, value);
  if (https) headers.set('Strict-Transport-Security', hsts);
}

function setsGeneralHeader(headers: OutgoingHttpHeaders): boolean {
  for (const name in headers) if (generalNames.has(name.toLowerCase())) return true;
  return false;
}

function setGeneralHeaders(outgoing: Pick<ServerResponse, 'setHeader'>, requestId: string, https: boolean): void {
  outgoing.setHeader('X-Request-Id', requestId);
  for (const [name, value] of securityHeaders) outgoing.setHeader(name, value);
  if (https) outgoing.setHeader('Strict-Transport-Security', hsts);
}

// Behind a proxy that terminates TLS (TRUST_PROXY), its X-Forwarded-Proto says.
function isHttps(request: Request, url: string): boolean {
  if (url.startsWith('https:')) return true;
  return loadConfig().trustProxy && request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}
