// Logging in with email and password, throttled: shared by the token
// endpoint and the admin's login form. A login reads in one statement and,
// when it succeeds, writes in one (the token endpoint's token included): a
// cold start plans each statement once, and the throttle's checks, the user,
// the writes and the token were five to seven.
import { type RawBuilder, sql } from 'kysely';
import type { UserRow } from '../../db/schema.ts';
import { loadConfig } from '../config.ts';
import type { Executor } from '../database/pool.ts';
import * as throttle from './login-throttle.ts';
import { now } from '../time.ts';
import * as tokens from '../repositories/tokens.ts';
import * as users from '../repositories/users.ts';

type Refusal = { readonly outcome: 'refused' } | { readonly outcome: 'throttled'; readonly retryAfterSeconds: number };

export type LoginResult = { readonly outcome: 'ok'; readonly user: users.User } | Refusal;

export type TokenLoginResult = { readonly outcome: 'ok'; readonly user: users.User; readonly token: tokens.NewToken } | Refusal;

export interface LoginOptions {
  /** The admin's login: a user who is not staff is refused like a wrong password. */
  readonly staffOnly?: boolean;
}

/** A login that writes the success down (the admin's form, which then makes its session). */
export async function logIn(db: Executor, email: string, password: string, address: string, options: LoginOptions = {}): Promise<LoginResult> {
  const result = await verifyAttempt(db, email, password, address, options);
  if (result.outcome !== 'ok') return result;
  const { clearFailures, noteLogin } = successWrites(email, result.user.id);
  await sql`with cleared as (${clearFailures}) ${noteLogin}`.execute(db);
  return result;
}

/** A login for a new token (POST /api/user/token/): the success's writes go in the token's insert. */
export async function logInForToken(db: Executor, email: string, password: string, address: string, expiresInDays: number | null): Promise<TokenLoginResult> {
  const result = await verifyAttempt(db, email, password, address, {});
  if (result.outcome !== 'ok') return result;
  const { clearFailures, noteLogin } = successWrites(email, result.user.id);
  const token = await tokens.createToken(db, result.user.id, { expiresInDays, alongside: [clearFailures, noteLogin] });
  return { ...result, token };
}

// The throttle's check, then the password's (a failure recorded).
async function verifyAttempt(db: Executor, email: string, password: string, address: string, options: LoginOptions): Promise<LoginResult> {
  const config = loadConfig();
  const attempt = { email, address };
  const limits = { perEmail: config.throttleLoginEmail, perAddress: config.throttleLoginAddress };
  const at = now();
  const { limitingFailures, user: found } = await readAttempt(db, attempt, limits, at);
  // While throttled every attempt is refused, the right password included.
  const retryAfterSeconds = throttle.retryAfterSeconds(limitingFailures, at);
  if (retryAfterSeconds !== null) return { outcome: 'throttled', retryAfterSeconds };

  const user = await users.checkPassword(found, password);
  if (user === null || (options.staffOnly === true && !user.is_staff)) {
    await throttle.recordLoginFailure(db, attempt, now());
    return { outcome: 'refused' };
  }
  return { outcome: 'ok', user };
}

// A success's writes: its email's failures cleared, the user's last login noted.
function successWrites(email: string, userId: number): { clearFailures: RawBuilder<unknown>; noteLogin: RawBuilder<unknown> } {
  return { clearFailures: throttle.clearEmailFailures(email), noteLogin: sql`update users set last_login = ${now()} where id = ${userId}` };
}

type AttemptRow = { [K in keyof UserRow]: UserRow[K] | null } & { email_limit: Date | null; address_limit: Date | null };

// The throttle's limiting failures for the email and the address, and the
// user with that email (users.emailIs, as findUserByEmail): one row, the
// user's columns null when there is none.
async function readAttempt(db: Executor, attempt: throttle.LoginAttempt, limits: throttle.ThrottleLimits, at: Date) {
  const { rows } = await sql<AttemptRow>`select
      ${throttle.limitingFailure('email', attempt, limits.perEmail, at)} as email_limit,
      ${throttle.limitingFailure('address', attempt, limits.perAddress, at)} as address_limit,
      users.*
    from (select 1) as attempt
    left join users on ${users.emailIs(attempt.email)}`.execute(db);
  const [row] = rows;
  if (row === undefined) throw new Error('the login\'s statement gave no row');
  const { email_limit: emailLimit, address_limit: addressLimit, ...user } = row;
  return { limitingFailures: [emailLimit, addressLimit], user: user.id === null ? undefined : (user as UserRow) };
}
