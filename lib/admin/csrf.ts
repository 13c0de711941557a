// CSRF protection for the admin's forms: a random `csrftoken` cookie, and in
// every form a hidden field that must equal the cookie's HMAC under
// SECRET_KEY. Another site can neither read the cookie nor make the field.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { type Config, loadConfig } from '../config.ts';
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

/**
 * Refuses a POST that another origin sent (Django's Origin and, over HTTPS,
 * Referer checks), or whose form does not carry the token that matches its cookie.
 */
export function checkCsrf(c: Context<AppEnv>, form: Body): void {
  checkOrigin(c);
  const cookie = getCookie(c, cookieName);
  const field = form[csrfFieldName];
  const expected = cookie === undefined ? undefined : Buffer.from(sign(cookie));
  const given = typeof field === 'string' ? Buffer.from(field) : undefined;
  if (expected === undefined || given === undefined || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw csrfFailed();
  }
}

function csrfFailed(reason?: string): HttpError {
  return new HttpError(403, { detail: `CSRF verification failed. Request aborted.${reason === undefined ? '' : ` ${reason}`}` });
}

function checkOrigin(c: Context<AppEnv>): void {
  const problem = originProblem(
    { secure: isSecureRequest(c), host: new URL(c.req.url).host, origin: c.req.header('origin'), referer: c.req.header('referer') },
    trustedOrigins(loadConfig()),
  );
  if (problem !== undefined) throw csrfFailed(problem);
}

/**
 * CSRF_TRUSTED_ORIGINS and PUBLIC_URL's origin: behind a proxy that rewrites
 * the Host, the address the browser used is the public one, which PUBLIC_URL
 * already names.
 */
export function trustedOrigins({ publicUrl, csrfTrustedOrigins }: Pick<Config, 'publicUrl' | 'csrfTrustedOrigins'>): readonly string[] {
  return publicUrl === null ? csrfTrustedOrigins : [...csrfTrustedOrigins, new URL(publicUrl).origin];
}

export interface RequestSource {
  /** Whether the browser reached us over HTTPS. */
  readonly secure: boolean;
  /** The Host the browser addressed (name and port). */
  readonly host: string;
  readonly origin: string | undefined;
  readonly referer: string | undefined;
}

/**
 * Why an unsafe request did not come from one of our pages, in Django's words;
 * undefined when it did. As Django's CsrfViewMiddleware: a browser's Origin
 * must be ours (scheme and host) or trusted. Without Origin, a request over
 * HTTPS must carry the Referer of an HTTPS page of ours: a man in the middle
 * of some plain-HTTP page could otherwise plant a cookie and post with it.
 */
export function originProblem({ secure, host, origin, referer }: RequestSource, trustedOrigins: readonly string[]): string | undefined {
  const ownOrigin = `${secure ? 'https' : 'http'}://${host.toLowerCase()}`;
  const trusted = (candidate: string) => candidate === ownOrigin || trustedOrigins.includes(candidate);
  if (origin !== undefined) {
    return trusted(origin.toLowerCase()) ? undefined : `Origin checking failed - ${origin} does not match any trusted origins.`;
  }
  if (!secure) return undefined;
  if (referer === undefined) return 'Referer checking failed - no Referer.';
  const from = URL.canParse(referer) ? new URL(referer) : undefined;
  if (from === undefined || from.host === '') return 'Referer checking failed - Referer is malformed.';
  if (from.protocol !== 'https:') return 'Referer checking failed - Referer is insecure while host is secure.';
  return trusted(from.origin) ? undefined : `Referer checking failed - ${from.origin} does not match any trusted origins.`;
}
