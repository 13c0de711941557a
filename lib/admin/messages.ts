// Django's messages after a redirect ("The recipe “Soup” was changed
// successfully."): carried to the next page in a cookie, signed with
// SECRET_KEY so that nothing but the admin can put words on its pages, and
// removed once shown.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { loadConfig } from '../config.ts';
import type { AppEnv } from '../http/app.ts';
import { isSecureRequest } from './secure.ts';

const cookieName = 'admin_message';

function sign(value: string): string {
  return createHmac('sha256', loadConfig().secretKey).update(`message:${value}`).digest('base64url');
}

/** Shows `message` on the next admin page this browser opens (the one redirected to). */
export function flash(c: Context<AppEnv>, message: string): void {
  const value = Buffer.from(message).toString('base64url');
  setCookie(c, cookieName, `${value}.${sign(value)}`, { path: '/admin/', httpOnly: true, sameSite: 'Lax', secure: isSecureRequest(c) });
}

/** The message waiting for this page, if any; it is shown once. */
export function takeMessage(c: Context<AppEnv>): string | undefined {
  const cookie = getCookie(c, cookieName);
  if (cookie === undefined) return undefined;
  deleteCookie(c, cookieName, { path: '/admin/', secure: isSecureRequest(c) });
  const [value = '', signature = ''] = cookie.split('.');
  const expected = Buffer.from(sign(value));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return Buffer.from(value, 'base64url').toString();
}
