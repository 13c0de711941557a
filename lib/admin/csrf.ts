// CSRF protection for the admin's forms: a random `csrftoken` cookie, and in
// every form a hidden field that must equal the cookie's HMAC under
// SECRET_KEY. Another site can neither read the cookie nor make the field.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { loadConfig } from '../config.ts';
import type { AppEnv } from '../http/app.ts';
import { HttpError } from '../http/errors.ts';
import type { Body } from '../http/body.ts';
import { isSecureRequest } from './secure.ts';

const cookieName = 'csrftoken';
export const csrfFieldName = 'csrf_token';

function sign(value: string): string {
  return createHmac('sha256', loadConfig().secretKey).update(`csrf:${value}`).digest('hex');
}

/** The value for the form's hidden field; sets the cookie first when the browser has none. */
export function csrfToken(c: Context<AppEnv>): string {
  const made = c.get('csrfToken');
  if (made !== undefined) return made;
  let value = getCookie(c, cookieName);
  if (value === undefined || !/^[0-9a-f]{64}$/.test(value)) {
    value = randomBytes(32).toString('hex');
    setCookie(c, cookieName, value, { path: '/admin/', httpOnly: true, sameSite: 'Lax', secure: isSecureRequest(c), maxAge: 60 * 60 * 24 * 365 });
  }
  const token = sign(value);
  c.set('csrfToken', token);
  return token;
}

/** Refuses a POST whose form does not carry the token that matches its cookie. */
export function checkCsrf(c: Context<AppEnv>, form: Body): void {
  const cookie = getCookie(c, cookieName);
  const field = form[csrfFieldName];
  const expected = cookie === undefined ? undefined : Buffer.from(sign(cookie));
  const given = typeof field === 'string' ? Buffer.from(field) : undefined;
  if (expected === undefined || given === undefined || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new HttpError(403, { detail: 'CSRF verification failed. Request aborted.' });
  }
}
