// API tokens: 40 hex characters for the client, a SHA-256 of them for us.
import { createHash, randomBytes } from 'node:crypto';
import type { Executor } from './db.ts';
import { preparedQuery } from './prepared-query.ts';
import type { TokenUser } from './users.ts';

function keyHash(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

/** Makes a new token for the user and returns its key (the only time it is seen). */
export async function createToken(db: Executor, userId: number): Promise<string> {
  const key = randomBytes(20).toString('hex');
  await db.insertInto('tokens').values({ key_hash: keyHash(key), user_id: userId }).execute();
  return key;
}

// Run by every authenticated request: built once (prepared-query.ts).
const tokenUser = preparedQuery((db, p: { keyHash: Buffer }) =>
  db
    .selectFrom('tokens')
    .innerJoin('users', 'users.id', 'tokens.user_id')
    .select(['users.id', 'users.email', 'users.name', 'users.is_active', 'users.is_staff', 'users.is_superuser'])
    .where('tokens.key_hash', '=', p.keyHash),
);

/** The user a key belongs to, active or not; undefined for an unknown or revoked key. */
export async function findTokenUser(db: Executor, key: string): Promise<TokenUser | undefined> {
  const [user] = await tokenUser(db, { keyHash: keyHash(key) });
  return user;
}

/** Revokes one key; true when it existed. */
export async function deleteToken(db: Executor, key: string): Promise<boolean> {
  const { numDeletedRows } = await db.deleteFrom('tokens').where('key_hash', '=', keyHash(key)).executeTakeFirst();
  return numDeletedRows > 0n;
}
