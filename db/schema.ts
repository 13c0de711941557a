// The database as the application sees it: one interface per table, written
// once. Migrations in db/migrations/ are what makes the database look like this.
import type { Generated, GeneratedAlways, Insertable, Selectable, Updateable } from 'kysely';

export interface Database {
  users: UsersTable;
  tokens: TokensTable;
  login_failures: LoginFailuresTable;
}

export interface UsersTable {
  id: GeneratedAlways<number>;
  email: string;
  name: string;
  /** Argon2id PHC string, or null for a user who cannot log in with a password. */
  password: string | null;
  is_active: Generated<boolean>;
  is_staff: Generated<boolean>;
  is_superuser: Generated<boolean>;
  last_login: Date | null;
  date_joined: Generated<Date>;
}
export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;

export interface TokensTable {
  /** SHA-256 of the key; the key itself is never stored. */
  key_hash: Buffer;
  user_id: number;
  created: Generated<Date>;
}

export interface LoginFailuresTable {
  id: GeneratedAlways<number>;
  email: string;
  address: string;
  failed_at: Generated<Date>;
}
