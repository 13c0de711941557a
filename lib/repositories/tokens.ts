// API tokens: 40 hex characters for the client, a SHA-256 of them for us.
// A user may hold several: one per login, and named ones they make and
// revoke themselves; each may expire.
import { hash, randomBytes } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../database/pool.ts';
import { firstRow, type Placeholders, preparedQuery } from '../database/prepared-query.ts';
import type { TokenUser } from './users.ts';

// One call, no Hash object: half the CPU of createHash().update().digest() (~1 µs per request).
function keyHash(key: string): Buffer {
  return hash('sha256', key, 'buffer');
}

// A token past its expiry is as good as revoked.
const unexpired = sql<boolean>`(tokens.expires is null or tokens.expires > now())`;

/** A token as its owner sees it: never the key, nor its hash. */
export interface TokenInfo {
  readonly id: number;
  readonly name: string;
  readonly created: Date;
  readonly last_used: Date | null;
  readonly expires: Date | null;
}

/** The most unexpired tokens a user may make by hand (logins do not count against it). */
export const maxNamedTokens = 100;

export class TooManyTokensError extends Error {
  override name = 'TooManyTokensError';
  constructor() {
    super(`You have ${maxNamedTokens} tokens; revoke one first.`);
  }
}

/** A token just made, with its key (the only time the key is seen). */
export type NewToken = TokenInfo & { key: string };

export interface NewTokenOptions {
  readonly name?: string;
  /** null or absent: it never expires. */
  readonly expiresInDays?: number | null;
  /** Other writes to make in the same statement (a login's, lib/auth/login.ts). */
  readonly alongside?: readonly RawBuilder<unknown>[];
}

/**
 * Makes a new token for the user and returns it with its key. The user's
 * expired tokens are deleted on the way: they can never be used again.
 */
export async function createToken(db: Executor, userId: number, options: NewTokenOptions = {}): Promise<NewToken> {
  const key = randomBytes(20).toString('hex');
  const days = options.expiresInDays ?? null;
  // One statement, the delete (and any other write) a CTE of the insert;
  // written as SQL, so a login's cold start has no query builder to run for it.
  const expires = days === null ? sql<null>`null` : sql<Date>`now() + make_interval(days => ${days})`;
  const alongside = (options.alongside ?? []).map((write, i) => sql`${sql.raw(`alongside_${String(i)}`)} as (${write})`);
  const { rows } = await sql<TokenInfo>`with ${sql.join([...alongside, sql`expired as (delete from tokens where user_id = ${userId} and expires <= now())`])}
    insert into tokens (key_hash, user_id, name, expires) values (${keyHash(key)}, ${userId}, ${options.name ?? ''}, ${expires})
    returning id, name, created, last_used, expires`.execute(db);
  const [token] = rows;
  if (token === undefined) throw new Error('the token insert returned no row');
  return { ...token, key };
}

/** Makes a named token, unless the user already has `maxNamedTokens` unexpired named ones (TooManyTokensError). */
export async function createNamedToken(db: Executor, userId: number, name: string, expiresInDays: number | null): Promise<NewToken> {
  const { count } = await db
    .selectFrom('tokens')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .where('name', '<>', '')
    .where(unexpired)
    .executeTakeFirstOrThrow();
  if (count >= maxNamedTokens) throw new TooManyTokensError();
  return createToken(db, userId, { name, expiresInDays });
}

// Run by every authenticated request: built once (prepared-query.ts). It also
// notes the token's use, at most once a minute: the UPDATE writes only when
// "last used" is null or over a minute old, and otherwise finds nothing to
// change (no write, no transaction id), so a request is never a write. Of two
// requests at once, the condition lets one write. One statement, one round
// trip; the SELECT sees the row as it was before.
const tokenUser = preparedQuery('token_user', (db, p: Placeholders<{ keyHash: Buffer }>) =>
  db
    .with('touched', (db) =>
      db
        .updateTable('tokens')
        .set({ last_used: sql<Date>`now()` })
        .where('key_hash', '=', p.keyHash)
        .where(sql<boolean>`(last_used is null or last_used < now() - interval '1 minute')`)
        .where(unexpired)
        .returning('id'),
    )
    .selectFrom('tokens')
    .innerJoin('users', 'users.id', 'tokens.user_id')
    .select(['users.id', 'users.email', 'users.name', 'users.is_active', 'users.is_staff', 'users.is_superuser'])
    .where('tokens.key_hash', '=', p.keyHash)
    .where(unexpired),
);

/** The user a key belongs to, active or not; undefined for an unknown, expired or revoked key. */
export function findTokenUser(db: Executor, key: string): Promise<TokenUser | undefined> {
  return tokenUser(db, { keyHash: keyHash(key) }).then(firstRow);
}

/** The user's unexpired tokens, newest first, each marked whether it is `currentKey`. */
export function listTokens(db: Executor, userId: number, currentKey: string): Promise<(TokenInfo & { current: boolean })[]> {
  return db
    .selectFrom('tokens')
    .select(['id', 'name', 'created', 'last_used', 'expires'])
    .select(sql<boolean>`key_hash = ${keyHash(currentKey)}`.as('current'))
    .where('user_id', '=', userId)
    .where(unexpired)
    .orderBy('id', 'desc')
    .execute();
}

/** Revokes one key; true when it existed. */
export async function deleteToken(db: Executor, key: string): Promise<boolean> {
  const { numDeletedRows } = await db.deleteFrom('tokens').where('key_hash', '=', keyHash(key)).executeTakeFirst();
  return numDeletedRows > 0n;
}

/** Revokes one of the user's tokens by id; false when the user has none with it. */
export async function deleteTokenById(db: Executor, userId: number, id: number): Promise<boolean> {
  const { numDeletedRows } = await db.deleteFrom('tokens').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return numDeletedRows > 0n;
}

/** Revokes every token of the user but `keptKey` (after a password change). */
export async function deleteOtherTokens(db: Executor, userId: number, keptKey: string): Promise<void> {
  await db.deleteFrom('tokens').where('user_id', '=', userId).where('key_hash', '<>', keyHash(keptKey)).execute();
}

/** The JSON of a token: dates as ISO 8601 text, like DRF's DateTimeField. */
export function toTokenJson(token: TokenInfo & { current?: boolean; key?: string }) {
  return {
    id: token.id,
    name: token.name,
    created: token.created.toISOString(),
    last_used: token.last_used?.toISOString() ?? null,
    expires: token.expires?.toISOString() ?? null,
    ...(token.current === undefined ? {} : { current: token.current }),
    ...(token.key === undefined ? {} : { key: token.key }),
  };
}
