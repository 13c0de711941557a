// Throttling of failed logins, per email and per client address, counted in
// Postgres so that every process (and the admin's login) shares the counts.
import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../database/pool.ts';

export const windowMs = 15 * 60 * 1000;

export interface LoginAttempt {
  readonly email: string;
  readonly address: string;
}

/** Failures allowed per window; 0 turns that limit off. */
export interface ThrottleLimits {
  readonly perEmail: number;
  readonly perAddress: number;
}

/**
 * The limit-th newest failure for this email (or address) in the window
 * before `at`, as a scalar subquery for the statement a login reads with
 * (lib/auth/login.ts): null while fewer than `limit` lie in the window, or
 * when the limit is off. Once it leaves the window, fewer than `limit` remain.
 */
export function limitingFailure(column: 'email' | 'address', attempt: LoginAttempt, limit: number, at: Date): RawBuilder<Date | null> {
  if (limit <= 0) return sql<null>`null::timestamptz`;
  const value = column === 'email' ? attempt.email.toLowerCase() : attempt.address;
  return sql<Date | null>`(select failed_at from login_failures
    where ${sql.ref(column)} = ${value} and failed_at > ${new Date(at.getTime() - windowMs)}
    order by failed_at desc offset ${limit - 1} limit 1)`;
}

/**
 * Seconds until an attempt may be made, or null when it may be made now:
 * it is refused until each of its limiting failures has left the window.
 */
export function retryAfterSeconds(limitingFailures: readonly (Date | null)[], at: Date): number | null {
  const until = Math.max(...limitingFailures.map((failure) => (failure === null ? 0 : failure.getTime() + windowMs)));
  return until > at.getTime() ? Math.ceil((until - at.getTime()) / 1000) : null;
}

export async function recordLoginFailure(db: Executor, attempt: LoginAttempt, at: Date): Promise<void> {
  const email = attempt.email.toLowerCase();
  await db.insertInto('login_failures').values({ email, address: attempt.address, failed_at: at }).execute();
  // Forget what can no longer count, for this email and address.
  await db
    .deleteFrom('login_failures')
    .where('failed_at', '<=', new Date(at.getTime() - windowMs))
    .where((eb) => eb.or([eb('email', '=', email), eb('address', '=', attempt.address)]))
    .execute();
}

/** A successful login clears its email's failures (not its address's): the statement, for the one lib/auth/login.ts writes with. */
export function clearEmailFailures(email: string): RawBuilder<unknown> {
  return sql`delete from login_failures where email = ${email.toLowerCase()}`;
}
