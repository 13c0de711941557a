// Throttling of failed logins, per email and per client address, counted in
// Postgres so that every process (and the admin's login) shares the counts.
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
 * Seconds until this attempt may be made, or null when it may be made now.
 * An attempt is refused once `limit` failures for its email (or address) lie
 * within the window, until the oldest of those leaves it.
 */
export async function loginRetryAfter(db: Executor, attempt: LoginAttempt, limits: ThrottleLimits, at: Date): Promise<number | null> {
  const waits = await Promise.all([
    limitedUntil(db, 'email', attempt.email.toLowerCase(), limits.perEmail, at),
    limitedUntil(db, 'address', attempt.address, limits.perAddress, at),
  ]);
  const until = Math.max(...waits.map((date) => date?.getTime() ?? 0));
  return until > at.getTime() ? Math.ceil((until - at.getTime()) / 1000) : null;
}

// The limit-th newest failure in the window: once it leaves the window, fewer
// than `limit` remain.
async function limitedUntil(db: Executor, column: 'email' | 'address', value: string, limit: number, at: Date): Promise<Date | null> {
  if (limit <= 0) return null;
  const row = await db
    .selectFrom('login_failures')
    .select('failed_at')
    .where(column, '=', value)
    .where('failed_at', '>', new Date(at.getTime() - windowMs))
    .orderBy('failed_at', 'desc')
    .offset(limit - 1)
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? null : new Date(row.failed_at.getTime() + windowMs);
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

/** A successful login clears its email's failures (not its address's). */
export async function clearEmailFailures(db: Executor, email: string): Promise<void> {
  await db.deleteFrom('login_failures').where('email', '=', email.toLowerCase()).execute();
}
