// Token authentication, DRF style: `Authorization: Token <key>` (any case of
// the keyword), and (better) `Bearer <key>`.
import type { Context, MiddlewareHandler } from 'hono';
import { getDb } from '../database/pool.ts';
import * as tokens from '../repositories/tokens.ts';
import type { TokenUser } from '../repositories/users.ts';
import type { AppEnv } from './app.ts';
import { HttpError } from './errors.ts';
import { requestHeader } from './general-rules.ts';

function unauthenticated(detail: string): HttpError {
  return new HttpError(401, { detail }, { 'WWW-Authenticate': 'Token' });
}

// The header as nearly every client sends it, "Token <key>" or "Bearer
// <key>" with a key of visible ASCII: its key, read without splitting
// (keyOf would find the same). Else undefined, and keyOf judges.
function plainKey(header: string): string | undefined {
  const start = header.startsWith('Token ') ? 6 : header.startsWith('Bearer ') ? 7 : header.length;
  if (start === header.length) return undefined;
  for (let i = start; i < header.length; i += 1) {
    const code = header.charCodeAt(i);
    if (code <= 0x20 || code >= 0x7f) return undefined;
  }
  return header.slice(start);
}

// The key of any Authorization header, or DRF's 401 saying what is wrong with it.
function keyOf(header: string): string {
  // Split like Python's str.split(): on any run of whitespace.
  const [scheme, key, ...rest] = header.trim().split(/\s+/);
  // Another scheme (Basic…) is not ours to judge: no credentials.
  if (scheme === undefined || !['token', 'bearer'].includes(scheme.toLowerCase())) {
    throw unauthenticated('Authentication credentials were not provided.');
  }
  if (key === undefined) throw unauthenticated('Invalid token header. No credentials provided.');
  if (rest.length > 0) throw unauthenticated('Invalid token header. Token string should not contain spaces.');
  return key;
}

/** Resolves the token to an active user (c.get('auth')), or answers DRF's 401. */
export const requireUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = requestHeader(c, 'authorization') ?? '';
  const key = plainKey(header) ?? keyOf(header);
  const user = await tokens.findTokenUser(getDb(), key);
  if (user === undefined) throw unauthenticated('Invalid token.');
  if (!user.is_active) throw unauthenticated('User inactive or deleted.');
  c.set('auth', { user, tokenKey: key });
  await next();
};

/** The authenticated caller; only for routes behind requireUser. */
export function authenticated(c: Context<AppEnv>): { user: TokenUser; tokenKey: string } {
  const auth = c.get('auth');
  if (auth === undefined) throw new Error('authenticated() used on a route without requireUser');
  return auth;
}
