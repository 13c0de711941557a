// Authentication and logging in, with the statements of lib/http/auth.ts,
// lib/auth/login.ts and lib/repositories/tokens.ts. Only what the bench
// cases need: a refused login answers 400 without counting the failure.
import { hash, randomBytes } from 'node:crypto';
import { verify } from '@node-rs/argon2';
import type { Database } from './database.ts';
import { Refusal } from './respond.ts';
import * as sql from './sql.ts';

export interface TokenUser { id: number; email: string; name: string; is_active: boolean }

const keyHash = (key: string) => hash('sha256', key, 'buffer');

function unauthenticated(detail: string): Refusal {
  return new Refusal(401, { detail }, { 'www-authenticate': 'Token' });
}

export async function authenticate(db: Database, header: string | undefined): Promise<TokenUser> {
  const [scheme, key, ...rest] = (header ?? '').trim().split(/\s+/);
  if (scheme === undefined || !['token', 'bearer'].includes(scheme.toLowerCase())) throw unauthenticated('Authentication credentials were not provided.');
  if (key === undefined) throw unauthenticated('Invalid token header. No credentials provided.');
  if (rest.length > 0) throw unauthenticated('Invalid token header. Token string should not contain spaces.');
  const hash = keyHash(key);
  const [user] = await db.rows<TokenUser>(sql.tokenUser, [hash, hash]);
  if (user === undefined) throw unauthenticated('Invalid token.');
  if (!user.is_active) throw unauthenticated('User inactive or deleted.');
  return user;
}

// lib/config.ts's defaults: 10 failures per email, 100 per address, in 15 minutes.
const limits = { perEmail: 10, perAddress: 100 };
const windowMs = 15 * 60 * 1000;

export async function logIn(db: Database, email: string, password: string, address: string): Promise<{ token: string }> {
  const at = new Date();
  const since = new Date(at.getTime() - windowMs);
  const [byEmail, byAddress] = await Promise.all([
    db.rows<{ failed_at: Date }>(sql.failuresByEmail, [email.toLowerCase(), since, 1, limits.perEmail - 1]),
    db.rows<{ failed_at: Date }>(sql.failuresByAddress, [address, since, 1, limits.perAddress - 1]),
  ]);
  if (byEmail.length > 0 || byAddress.length > 0) throw new Refusal(429, { detail: 'Request was throttled.' });
  const [user] = await db.rows<{ id: number; password: string | null; is_active: boolean }>(sql.userByEmail, [email]);
  const matches = user?.password != null && (await verify(user.password, password).catch(() => false));
  if (user === undefined || !matches || !user.is_active) throw new Refusal(400, { non_field_errors: ['Unable to authenticate with provided credentials.'] });
  await db.rows(sql.clearEmailFailures, [email.toLowerCase()]);
  await db.rows(sql.recordLogin, [new Date(), user.id]);
  const key = randomBytes(20).toString('hex');
  await db.rows(sql.deleteExpiredTokens, [user.id]);
  await db.rows(sql.insertToken, [keyHash(key), user.id, '', null]);
  return { token: key };
}
