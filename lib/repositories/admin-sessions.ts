// Admin sessions: a random key in the cookie, its SHA-256 in Postgres.
import { createHash, randomBytes } from 'node:crypto';
import type { Executor } from '../database/pool.ts';
import type { User } from './users.ts';

function keyHash(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

/** Starts a session for the user; returns the cookie's key. */
export async function createSession(db: Executor, userId: number, expiresAt: Date): Promise<string> {
  const key = randomBytes(32).toString('base64url');
  await db.insertInto('admin_sessions').values({ key_hash: keyHash(key), user_id: userId, expires_at: expiresAt }).execute();
  return key;
}

/** The user of a live session (not expired at `at`), active or not; undefined otherwise. */
export function findSessionUser(db: Executor, key: string, at: Date): Promise<User | undefined> {
  return db
    .selectFrom('admin_sessions')
    .innerJoin('users', 'users.id', 'admin_sessions.user_id')
    .selectAll('users')
    .where('admin_sessions.key_hash', '=', keyHash(key))
    .where('admin_sessions.expires_at', '>', at)
    .executeTakeFirst();
}

export async function deleteSession(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('admin_sessions').where('key_hash', '=', keyHash(key)).execute();
}

/** Forgets expired sessions (called at each login, so the table stays small). */
export async function deleteExpiredSessions(db: Executor, at: Date): Promise<void> {
  await db.deleteFrom('admin_sessions').where('expires_at', '<=', at).execute();
}
