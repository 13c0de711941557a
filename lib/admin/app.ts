// What every admin function shares: security headers, HTML error pages, the
// staff-only gate, and reading a form (with its CSRF check).
import type { Context, ErrorHandler, MiddlewareHandler, NotFoundHandler } from 'hono';
import { html } from 'hono/html';
import { answerOtherMethods, createFunctionApp, type AppEnv, type FunctionApp, renderError } from '../http/app.ts';
import { type Body, readBody } from '../http/body.ts';
import { HttpError } from '../http/errors.ts';
import { routeTableOf } from '../http/route-table.ts';
import { checkCsrf, csrfToken } from './csrf.ts';
import { deleteConfirmation, type Html, page } from './html.ts';
import { takeMessage } from './messages.ts';
import { admitStaff, requireStaff, staffUser } from './session.ts';

// No inline script or style anywhere, so the policy needs no 'unsafe-inline'.
const contentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.header('Content-Security-Policy', contentSecurityPolicy);
  c.header('X-Frame-Options', 'DENY');
  c.header('Referrer-Policy', 'same-origin');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Cache-Control', 'no-store');
};

// Errors a person meets (a 404, a refused CSRF token) as a page, not JSON.
const renderPageError: ErrorHandler<AppEnv> = async (error, c) => {
  if (!(error instanceof HttpError) || error.status >= 500) return renderError(error, c);
  const detail = typeof error.body.detail === 'string' ? error.body.detail : 'Bad request.';
  const body = page({ title: detail, user: c.get('admin')?.user, csrf: csrfToken(c), body: html`<p><a href="/admin/">Back to the admin</a></p>` });
  return c.html(await body, error.status as 400);
};

/** An admin function app. `staffPaths` (Hono patterns) are for logged-in staff only. */
export function createAdminApp(...staffPaths: string[]): FunctionApp {
  const app = createFunctionApp();
  app.use(securityHeaders);
  for (const path of staffPaths) app.use(path, requireStaff);
  app.onError(renderPageError);
  app.notFound(pageNotFound(app));
  return app;
}

/**
 * An admin page that does not exist: for logged-in staff a 404 page in the
 * admin's look, for anyone else the login page (as Django's catch-all view),
 * never JSON. A path the app serves under other methods keeps its 405.
 */
export async function notFoundPage(c: Context<AppEnv>): Promise<Response> {
  const refused = await admitStaff(c);
  if (refused !== undefined) return refused;
  const body = html`<p>We’re sorry, but the requested page could not be found.</p><p><a href="/admin/">Back to the admin</a></p>`;
  return c.html(await page({ title: 'Page not found', ...layoutFor(c), body }), 404);
}

function pageNotFound(app: FunctionApp): NotFoundHandler<AppEnv> {
  const otherMethods = answerOtherMethods(app);
  return async (c) => {
    if (routeTableOf(app).serves(c.req.path)) return otherMethods(c);
    return notFoundPage(c);
  };
}

/** A POSTed form, after its CSRF check; `limit` in bytes (a form with a file needs more than the default). */
export async function readForm(c: Context<AppEnv>, limit?: number): Promise<Body> {
  const form = await readBody(c, limit);
  checkCsrf(c, form);
  return form;
}

/** A whole page for the staff member: the layout (with the message waiting, if any) around `body`. */
export async function staffPage(c: Context<AppEnv>, title: string, body: Html, status: 200 | 400 | 404 | 503 = 200): Promise<Response> {
  return c.html(await page({ title, ...layoutFor(c), body }), status);
}

/** Django's "Are you sure?" page for the object at `objectPath`, whose form POSTs to its delete/ path. */
export function deletePage(c: Context<AppEnv>, question: Html, objectPath: string): Promise<Response> {
  const body = deleteConfirmation({ question, action: `${objectPath}delete/`, back: objectPath, csrf: csrfToken(c) });
  return staffPage(c, 'Are you sure?', body);
}

/** What every logged-in page needs for its layout, the message of the last action included. */
export function layoutFor(c: Context<AppEnv>): { user: { email: string }; csrf: string; message: string | undefined } {
  return { user: staffUser(c), csrf: csrfToken(c), message: takeMessage(c) };
}

/** An HTML form's checkbox: present means ticked. */
export function ticked(form: Body, name: string): boolean {
  return form[name] !== undefined;
}

/** A form's text value ('' when absent or not text). */
export function text(form: Body, name: string): string {
  const value = form[name];
  return typeof value === 'string' ? value : '';
}
