// What every admin function shares: security headers, HTML error pages, the
// staff-only gate, and reading a form (with its CSRF check).
import type { Context, ErrorHandler, MiddlewareHandler } from 'hono';
import { html } from 'hono/html';
import { createFunctionApp, type AppEnv, type FunctionApp, renderError } from '../http/app.ts';
import { type Body, readBody } from '../http/body.ts';
import { HttpError } from '../http/errors.ts';
import { nullCharactersMessage } from '../http/fields.ts';
import { checkCsrf, csrfToken } from './csrf.ts';
import { page } from './html.ts';
import { requireStaff, staffUser } from './session.ts';

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
  const body = page({ title: detail, csrf: csrfToken(c), body: html`<p><a href="/admin/">Back to the admin</a></p>` });
  return c.html(await body, error.status as 400);
};

/** An admin function app. `staffPaths` (Hono patterns) are for logged-in staff only. */
export function createAdminApp(...staffPaths: string[]): FunctionApp {
  const app = createFunctionApp();
  app.use(securityHeaders);
  for (const path of staffPaths) app.use(path, requireStaff);
  app.onError(renderPageError);
  return app;
}

/** A POSTed form, after its CSRF check. */
export async function readForm(c: Context<AppEnv>): Promise<Body> {
  const form = await readBody(c);
  checkCsrf(c, form);
  return form;
}

/** What every logged-in page needs for its layout. */
export function layoutFor(c: Context<AppEnv>): { user: { email: string }; csrf: string } {
  return { user: staffUser(c), csrf: csrfToken(c) };
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

/**
 * A list page's search text (`?q=`) and page number (`?page=`). A page that
 * is not a plain number of up to 9 digits is the first: a larger one would
 * overflow the database's OFFSET (a 500), and no list here is that long.
 */
export function listQuery(c: Context<AppEnv>): { query: string; pageNumber: number } {
  const page = c.req.query('page') ?? '';
  const query = (c.req.query('q') ?? '').trim();
  // The search reaches SQL, which cannot hold a NUL: a clear 400 page, not a 500.
  if (query.includes('\0')) throw new HttpError(400, { detail: `Search: ${nullCharactersMessage}` });
  return { query, pageNumber: /^[1-9][0-9]{0,8}$/.test(page) ? Number(page) : 1 };
}
