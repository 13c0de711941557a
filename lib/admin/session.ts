// The admin's session cookie and the middleware that lets only active staff in.
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as sessions from '../repositories/admin-sessions.ts';
import { loadConfig } from '../config.ts';
import { getDb } from '../database/pool.ts';
import type { AppEnv } from '../http/app.ts';
import { now } from '../time.ts';
import type { User } from '../repositories/users.ts';
import { isSecureRequest } from './secure.ts';

// Browsers drop a __Host- cookie that is not Secure, so plain HTTP (local
// development) gets the plain name.
function cookieName(c: Context): string {
  return isSecureRequest(c) ? '__Host-sessionid' : 'sessionid';
}

export async function startSession(c: Context<AppEnv>, user: User): Promise<void> {
  const days = loadConfig().sessionDays;
  const expires = new Date(now().getTime() + days * 24 * 60 * 60 * 1000);
  const db = getDb();
  // A new login replaces the browser's earlier session (the cookie is overwritten below).
  const previous = getCookie(c, cookieName(c));
  if (previous !== undefined) await sessions.deleteSession(db, previous);
  await sessions.deleteExpiredSessions(db, now());
  const key = await sessions.createSession(db, user.id, expires);
  setCookie(c, cookieName(c), key, { path: '/', httpOnly: true, sameSite: 'Lax', secure: isSecureRequest(c), expires });
}

export async function endSession(c: Context<AppEnv>): Promise<void> {
  const key = getCookie(c, cookieName(c));
  if (key !== undefined) await sessions.deleteSession(getDb(), key);
  deleteCookie(c, cookieName(c), { path: '/', secure: isSecureRequest(c) });
}

/** Lets active staff in (remembering who, for staffUser); anyone else gets the login page's redirect, to come back after. */
export async function admitStaff(c: Context<AppEnv>): Promise<Response | undefined> {
  const key = getCookie(c, cookieName(c));
  const user = key === undefined ? undefined : await sessions.findSessionUser(getDb(), key, now());
  if (key === undefined || user === undefined || !user.is_active || !user.is_staff) {
    const next = c.req.method === 'GET' ? c.req.path : '/admin/';
    return c.redirect(`/admin/login/?next=${encodeURIComponent(next)}`, 302);
  }
  c.set('admin', { user, sessionKey: key });
  return undefined;
}

/** Active staff only; everyone else is sent to the login page, and comes back after. */
export const requireStaff: MiddlewareHandler<AppEnv> = async (c, next) => {
  const refused = await admitStaff(c);
  if (refused !== undefined) return refused;
  await next();
};

/** The staff member using the admin; only for routes behind requireStaff. */
export function staffUser(c: Context<AppEnv>): User {
  const admin = c.get('admin');
  if (admin === undefined) throw new Error('staffUser() used on a route without requireStaff');
  return admin.user;
}
