// The admin tests' browser: calls function apps directly (app.request) and,
// like a browser, keeps the cookies they set and sends them back, and sends
// the form's CSRF token, so a test logs in by POSTing the real login form.
import loginApp from '../../functions/admin-login.ts';
import type { FunctionApp } from '../http/app.ts';
import type * as users from '../repositories/users.ts';
import { createUser, defaultPassword } from './factories.ts';

export interface AdminResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The Location header (a redirect's target), or null. */
  readonly location: string | null;
}

export interface PostOptions {
  /** The form's csrf_token: the last page's (default), another value, or null for none at all. */
  readonly csrf?: string | null;
  /** Sent as is (security headers, X-Forwarded-*…). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The Origin header: the posted URL's own (default, as a browser sends it from our page), another, or null for none. */
  readonly origin?: string | null;
}

export type FormFieldValue = string | File | readonly string[];

export interface AdminClient {
  /** The cookies this client holds now, by name. */
  readonly cookies: Map<string, string>;
  get(app: FunctionApp, path: string): Promise<AdminResponse>;
  /** Sends the form urlencoded, or as multipart when a value is a file; a list is a repeated field (ticked checkboxes). */
  post(app: FunctionApp, path: string, form?: Readonly<Record<string, FormFieldValue>>, options?: PostOptions): Promise<AdminResponse>;
  /** GET /admin/login/ (for the CSRF cookie and token), then POST the login form. */
  logIn(email: string, password: string, next?: string): Promise<AdminResponse>;
}

const csrfField = /<input type="hidden" name="csrf_token" value="([0-9a-f]+)">/;

export function createAdminClient(): AdminClient {
  const cookies = new Map<string, string>();
  let csrfToken: string | undefined;

  async function send(app: FunctionApp, method: string, path: string, init: { body?: string | FormData; headers?: Readonly<Record<string, string>> } = {}): Promise<AdminResponse> {
    const headers = new Headers(init.headers);
    if (cookies.size > 0) headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    // FormData sets its own multipart type, with the boundary.
    if (typeof init.body === 'string') headers.set('content-type', 'application/x-www-form-urlencoded');
    const response = await app.request(path, { method, headers, body: init.body });
    for (const line of response.headers.getSetCookie()) keepCookie(cookies, line);
    const text = await response.text();
    csrfToken = csrfField.exec(text)?.[1] ?? csrfToken;
    return { status: response.status, headers: response.headers, text, location: response.headers.get('location') };
  }

  const client: AdminClient = {
    cookies,
    get: (app, path) => send(app, 'GET', path),
    async post(app, path, form = {}, options = {}) {
      if (csrfToken === undefined && options.csrf === undefined) await send(loginApp, 'GET', '/admin/login/');
      const csrf = options.csrf === undefined ? csrfToken : options.csrf;
      const fields: Record<string, FormFieldValue> = csrf === null || csrf === undefined ? { ...form } : { ...form, csrf_token: csrf };
      const origin = options.origin === undefined ? new URL(path, 'http://localhost').origin : options.origin;
      const headers = { ...(origin === null ? {} : { origin }), ...options.headers };
      return send(app, 'POST', path, { body: encodeForm(fields), headers });
    },
    async logIn(email, password, next = '/admin/') {
      await send(loginApp, 'GET', '/admin/login/');
      return client.post(loginApp, '/admin/login/', { email, password, next });
    },
  };
  return client;
}

function encodeForm(fields: Readonly<Record<string, FormFieldValue>>): string | FormData {
  const entries = Object.entries(fields).flatMap(([name, value]) => (typeof value === 'string' || value instanceof File ? [[name, value] as const] : value.map((item) => [name, item] as const)));
  if (!entries.some(([, value]) => value instanceof File)) return new URLSearchParams(entries as [string, string][]).toString();
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

/** The cells of a list's rows (the select box left out), as HTML. */
export function listRows(page: string): string[][] {
  const body = /<tbody>(.*?)<\/tbody>/s.exec(page)?.[1] ?? '';
  return [...body.matchAll(/<tr>(.*?)<\/tr>/gs)].map(([, row = '']) => [...row.matchAll(/<td>(.*?)<\/td>/gs)].map(([, cell = '']) => cell.trim()));
}

// A Set-Cookie line: keeps the value, or forgets the cookie when it is deleted (Max-Age=0).
function keepCookie(cookies: Map<string, string>, line: string): void {
  const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
  const equals = pair.indexOf('=');
  const name = pair.slice(0, equals);
  const deleted = attributes.some((attribute) => /^max-age=0$/i.test(attribute));
  if (deleted) cookies.delete(name);
  else cookies.set(name, pair.slice(equals + 1));
}

/** A new staff user (a superuser with `{ isSuperuser: true }`) and a client logged in as them. */
export async function logInAsStaff(overrides: Partial<users.NewUser> = {}): Promise<{ client: AdminClient; user: users.User }> {
  const user = await createUser({ isStaff: true, ...overrides });
  const client = createAdminClient();
  const response = await client.logIn(user.email, defaultPassword);
  if (response.status !== 302) throw new Error(`could not log in as ${user.email}: ${response.status}`);
  return { client, user };
}

/** The error messages shown next to a form field (its `errors_<name>` list). */
export function fieldErrors(page: string, name: string): string[] {
  const list = new RegExp(`<ul class="errors" id="errors_${name}">(.*?)</ul>`, 's').exec(page)?.[1] ?? '';
  return [...list.matchAll(/<li>(.*?)<\/li>/gs)].map(([, message = '']) => decodeEntities(message));
}

/** The errors of the whole form (non_field_errors). */
export function formErrorMessages(page: string): string[] {
  const list = /<ul class="errors form-errors" role="alert">(.*?)<\/ul>/s.exec(page)?.[1] ?? '';
  return [...list.matchAll(/<li>(.*?)<\/li>/gs)].map(([, message = '']) => decodeEntities(message));
}

/** The value an input shows. */
export function inputValue(page: string, name: string): string | undefined {
  const value = new RegExp(`<input id="id_${name}" name="${name}"[^>]* value="([^"]*)"`).exec(page)?.[1];
  return value === undefined ? undefined : decodeEntities(value);
}

// hono/html escapes these five.
function decodeEntities(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');
}
