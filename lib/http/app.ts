// The factory every function uses, so that a function deployed alone answers
// exactly as it does inside the emulator: the general rules
// (lib/http/general-rules.ts, allowed hosts included), DRF's 404/405/OPTIONS, and one
// error renderer.
import { OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { Context, ErrorHandler, Handler, MiddlewareHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { log } from '../log.ts';
import type { TokenUser, User } from '../repositories/users.ts';
import { domainErrorAsHttp } from './domain-errors.ts';
import { isDatabaseUnavailable } from '../database/unavailable.ts';
import { ClientAbortedError, databaseUnavailable, HttpError, methodNotAllowed, notFound } from './errors.ts';
import { requestIdOf, serveWithGeneralRules } from './general-rules.ts';
import { type RouteTable, routeTableOf } from './route-table.ts';

export { declaredPaths } from './route-table.ts';

// nginx's status for a request whose client closed the connection first.
const clientClosedRequest = 499;

export interface AppEnv {
  Variables: {
    /** Set by requireUser (lib/http/auth.ts). */
    auth?: { user: TokenUser; tokenKey: string };
    /** Set by requireStaff (lib/admin/session.ts). */
    admin?: { user: User; sessionKey: string };
    /** This request's CSRF form token (lib/admin/csrf.ts), made once. */
    csrfToken?: string;
  };
}

export type FunctionApp = OpenAPIHono<AppEnv>;
export type FunctionHandler = Handler<AppEnv>;

// Every function app made in this process, for the OpenAPI document.
const apps: FunctionApp[] = [];

export function declaredApps(): readonly FunctionApp[] {
  return apps;
}

export function createFunctionApp(): FunctionApp {
  const app = new OpenAPIHono<AppEnv>();
  apps.push(app);
  app.notFound(answerOtherMethods(app));
  app.onError(renderError);
  // Every way in (the Node server, Lambda, a test's app.request) calls fetch.
  const route = app.fetch;
  let routes: RouteTable | undefined;
  app.fetch = (request, env, executionContext) => {
    // Routes are all declared at import time: the table is read on first use.
    routes ??= routeTableOf(app);
    return serveWithGeneralRules(request, env, executionContext, routes, route);
  };
  return app;
}

/**
 * Declares one method of a route: documented from `route` (the OpenAPI
 * document is built from these declarations) and answered by `handler`.
 * The handler reads and validates its own body, after authentication and
 * lookup, which keeps DRF's order of checks (401 → 405 → 404 → 400).
 */
export function defineRoute(app: FunctionApp, route: RouteConfig, ...handlers: [...MiddlewareHandler<AppEnv>[], FunctionHandler]): void {
  app.openAPIRegistry.registerPath(route);
  // Hono chains the handlers of one route in the order they are added.
  for (const handler of handlers) app.on(route.method.toUpperCase(), honoPath(route.path), handler);
}

/** OpenAPI writes parameters as {id}, Hono as :id. */
export function honoPath(openApiPath: string): string {
  return openApiPath.replaceAll(/\{(\w+)\}/g, ':$1');
}

// Hono calls notFound when no handler matched. If the path is ours under
// another method, that is DRF's 405 (or the answer to OPTIONS); else 404.
export function answerOtherMethods(app: FunctionApp): NotFoundHandler<AppEnv> {
  return (c) => {
    const allow = routeTableOf(app).allowedAt(c.req.path);
    if (allow === undefined) return renderError(notFound(), c);
    if (c.req.method === 'OPTIONS') {
      c.header('Allow', allow.join(', '));
      return c.json({ name: c.req.path, renders: ['application/json'], parses: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'] });
    }
    return renderError(methodNotAllowed(c.req.method, allow), c);
  };
}

export const renderError: ErrorHandler<AppEnv> = (error, c) => {
  // Reading the body failed because the client hung up: no outage and no
  // bug, one quiet line, and nginx's 499 for the request log. Any other error
  // is reported as usual even if the client has gone meanwhile: an outage or
  // a bug must not hide behind a client that stopped waiting.
  if (error instanceof ClientAbortedError) {
    log.info('request aborted', { request_id: requestIdOf(c.req.raw), method: c.req.method, path: c.req.path });
    return new Response(null, { status: clientClosedRequest });
  }
  if (error instanceof HttpError) return c.json(error.body, error.status as ContentfulStatusCode, error.headers);
  const domain = domainErrorAsHttp(error);
  if (domain !== undefined) return renderError(domain, c);
  if (error instanceof HTTPException) return c.json({ detail: error.message || 'Bad request.' }, error.status);
  if (isDatabaseUnavailable(error)) {
    log.warn('database unavailable', requestFields(c, error));
    return renderError(databaseUnavailable(), c);
  }
  // Never the message or the stack: they can hold SQL, paths or data.
  log.error('unhandled error', requestFields(c, error));
  return c.json({ detail: 'Server error.' }, 500);
};

function requestFields(c: Context<AppEnv>, error: unknown): Record<string, unknown> {
  return { request_id: requestIdOf(c.req.raw), method: c.req.method, path: c.req.path, error };
}
