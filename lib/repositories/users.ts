// The users repository: the code that writes SQL for users (lib/auth/login.ts
// reads and writes a login's own, one statement each with the throttle's).
import { type RawBuilder, sql } from 'kysely';
import type { UserRow } from '../../db/schema.ts';
import type { Executor } from '../database/pool.ts';
import { readPage } from './paging.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { EmailTakenError, MissingEmailError } from './user-errors.ts';
import { containsPattern } from './search-pattern.ts';

export { EmailTakenError, MissingEmailError };

export type User = UserRow;

/** What a request authenticated by token knows of its user: no password hash, no dates to parse. */
export type TokenUser = Pick<User, 'id' | 'email' | 'name' | 'is_active' | 'is_staff' | 'is_superuser'>;

/** Django's normalize_email: the domain part lower-cased, the local part kept as typed. */
export function normalizeEmail(email: string): string {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  if (at < 0) return trimmed;
  return `${trimmed.slice(0, at)}@${trimmed.slice(at + 1).toLowerCase()}`;
}

export interface NewUser {
  readonly email: string;
  /** null: the user has no usable password and cannot log in with one. */
  readonly password: string | null;
  readonly name?: string;
  readonly isActive?: boolean;
  readonly isStaff?: boolean;
  readonly isSuperuser?: boolean;
}

/** Creates a user; throws MissingEmailError or EmailTakenError (race-free: the unique index decides). */
export async function createUser(db: Executor, user: NewUser): Promise<User> {
  const email = normalizeEmail(user.email);
  if (email === '') throw new MissingEmailError();
  const password = user.password === null ? null : await hashPassword(user.password);
  const created = await db
    .insertInto('users')
    .values({
      email,
      password,
      name: user.name ?? '',
      is_active: user.isActive ?? true,
      is_staff: user.isStaff ?? false,
      is_superuser: user.isSuperuser ?? false,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch(rethrowEmailTaken);
  return created;
}

export function createSuperuser(db: Executor, user: Omit<NewUser, 'isStaff' | 'isSuperuser'>): Promise<User> {
  return createUser(db, { ...user, isStaff: true, isSuperuser: true });
}

/** The condition a user's email matches `email` by: any case, as the unique index on lower(email) compares them. */
export function emailIs(email: string): RawBuilder<boolean> {
  return sql<boolean>`lower(users.email) = lower(${normalizeEmail(email)})`;
}

export function findUserById(db: Executor, id: number): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByEmail(db: Executor, email: string): Promise<User | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where(emailIs(email))
    .executeTakeFirst();
}

/**
 * Whether another user (not `exceptId`) has this email, case-insensitively:
 * the check that validation runs (lib/http/user-fields.ts uniqueEmail, the
 * createsuperuser prompt) to name the email among the other fields' errors,
 * as DRF does. The unique index still has the last word (rethrowEmailTaken).
 */
export async function isEmailTaken(db: Executor, email: string, exceptId?: number): Promise<boolean> {
  let query = db.selectFrom('users').select('id').where(emailIs(email));
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/**
 * The active user with this email and password, or null. Costs one Argon2
 * verification whether or not the email exists.
 */
export async function authenticate(db: Executor, email: string, password: string): Promise<User | null> {
  return checkPassword(await findUserByEmail(db, email), password);
}

/** The user if active and `password` is theirs, else null; one Argon2 verification even without a user. */
export async function checkPassword(user: User | undefined, password: string): Promise<User | null> {
  const matches = await verifyPassword(user?.password ?? null, password);
  return matches && user?.is_active === true ? user : null;
}

export interface UserChanges {
  readonly email?: string;
  readonly name?: string;
  readonly password?: string;
  readonly isActive?: boolean;
  readonly isStaff?: boolean;
  readonly isSuperuser?: boolean;
}

/** Applies the given changes (a new password is hashed); throws EmailTakenError. */
export async function updateUser(db: Executor, id: number, changes: UserChanges): Promise<User | undefined> {
  const values = {
    email: changes.email === undefined ? undefined : normalizeEmail(changes.email),
    name: changes.name,
    password: changes.password === undefined ? undefined : await hashPassword(changes.password),
    is_active: changes.isActive,
    is_staff: changes.isStaff,
    is_superuser: changes.isSuperuser,
  };
  const query = db.updateTable('users').where('id', '=', id).returningAll();
  if (Object.values(values).every((value) => value === undefined)) return findUserById(db, id);
  return query.set(values).executeTakeFirst().catch(rethrowEmailTaken);
}

// The unique index on lower(email) decides, race-free, for a create and for a
// change alike: a second account taking the email meanwhile is EmailTakenError.
function rethrowEmailTaken(error: unknown): never {
  if ((error as { code?: string; constraint?: string }).code === '23505' && (error as { constraint?: string }).constraint === 'users_email_key') throw new EmailTakenError();
  throw error;
}

export async function setPassword(db: Executor, id: number, password: string): Promise<void> {
  await db.updateTable('users').set({ password: await hashPassword(password) }).where('id', '=', id).execute();
}

/** The API's view of a user: the contract's fields, in its order. Never the password. */
export function toUserJson(user: Pick<User, 'email' | 'name'>): { email: string; name: string } {
  return { email: user.email, name: user.name };
}

export interface UserPage {
  readonly users: User[];
  readonly hasNext: boolean;
}

/** The columns the admin's list of users sorts by. */
export const userSortColumns = ['email', 'name', 'is_active', 'is_staff', 'is_superuser'] as const;

export interface UsersQuery {
  /** Part of the email or name, in any case ('' for all). */
  readonly search: string;
  readonly isStaff?: boolean;
  readonly isActive?: boolean;
  /** By id when absent. */
  readonly sort?: { readonly column: (typeof userSortColumns)[number]; readonly descending: boolean };
}

/** Users, `perPage` at a time, searched, filtered by the staff and active flags, and sorted (then by id). */
export async function listUsers(db: Executor, { search, isStaff, isActive, sort }: UsersQuery, page: number, perPage: number): Promise<UserPage> {
  let query = db.selectFrom('users').selectAll();
  if (search !== '') {
    const pattern = containsPattern(search);
    query = query.where((eb) => eb.or([eb('email', 'ilike', pattern), eb('name', 'ilike', pattern)]));
  }
  if (isStaff !== undefined) query = query.where('is_staff', '=', isStaff);
  if (isActive !== undefined) query = query.where('is_active', '=', isActive);
  if (sort !== undefined) query = query.orderBy(sort.column, sort.descending ? 'desc' : 'asc');
  const { rows, hasNext } = await readPage(query.orderBy('id'), page, perPage);
  return { users: rows, hasNext };
}

/** Every user's id and email, by email: the choices of an "owner" field or filter. */
export function userChoices(db: Executor): Promise<{ id: number; email: string }[]> {
  return db.selectFrom('users').select(['id', 'email']).orderBy('email').execute();
}

/** Those of these users that exist. */
export function findUsersByIds(db: Executor, ids: readonly number[]): Promise<User[]> {
  return db.selectFrom('users').selectAll().where('id', '=', sql<number>`any(${ids}::bigint[])`).orderBy('id').execute();
}

/**
 * Deletes a user and, by cascade, their tokens, sessions, recipes, tags and
 * ingredients. Returns the image paths their recipes had, for the caller to
 * remove the files once this has committed.
 */
export async function deleteUser(db: Executor, id: number): Promise<{ deleted: boolean; images: string[] }> {
  const images = await db.selectFrom('recipes').select('image').where('user_id', '=', id).where('image', 'is not', null).execute();
  const { numDeletedRows } = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
  return { deleted: numDeletedRows > 0n, images: images.flatMap(({ image }) => (image === null ? [] : [image])) };
}
