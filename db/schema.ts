// The database as the application sees it: one interface per table, written
// once. Migrations in db/migrations/ are what makes the database look like this.
import type { Generated, GeneratedAlways, Insertable, Selectable, Updateable } from 'kysely';

export interface Database {
  users: UsersTable;
  tokens: TokensTable;
  login_failures: LoginFailuresTable;
  recipes: RecipesTable;
  tags: AttributesTable;
  ingredients: AttributesTable;
  recipe_tags: RecipeTagsTable;
  recipe_ingredients: RecipeIngredientsTable;
  recipe_blocks: RecipeBlocksTable;
  recipe_words: RecipeWordsTable;
  user_words: UserWordsTable;
  recipe_word_blocks: RecipeWordBlocksTable;
  recipe_words_sealed: RecipeWordsSealedTable;
  admin_sessions: AdminSessionsTable;
  admin_log: AdminLogTable;
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
  id: GeneratedAlways<number>;
  /** SHA-256 of the key; the key itself is never stored. */
  key_hash: Buffer;
  user_id: number;
  /** '' for a login's token. */
  name: Generated<string>;
  created: Generated<Date>;
  /** null: never. */
  expires: Date | null;
  /** Updated at most once a minute. */
  last_used: Date | null;
}

export interface LoginFailuresTable {
  id: GeneratedAlways<number>;
  email: string;
  address: string;
  failed_at: Generated<Date>;
}

export interface RecipesTable {
  id: GeneratedAlways<number>;
  user_id: number;
  title: string;
  description: Generated<string>;
  time_minutes: number;
  /** numeric(5,2): pg hands it over as a string ("5.50"), which is what the API shows. */
  price: string;
  link: Generated<string>;
  /** Path under the media root, or null. */
  image: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** search_text(title || ' ' || description), kept by PostgreSQL for ?search=. */
  search_document: GeneratedAlways<string>;
}
export type RecipeRow = Selectable<RecipesTable>;

/** Tags and ingredients: the same shape under two names. */
export interface AttributesTable {
  id: GeneratedAlways<number>;
  user_id: number;
  name: string;
  /** search_text(name), kept by PostgreSQL for ?search= (migration 0012). */
  search_name: GeneratedAlways<string>;
}

/** A user's recipe count, in blocks of their recipes by id (migration 0009; kept by triggers). */
export interface RecipeBlocksTable {
  user_id: number;
  /** The block holds the user's recipes from this id to the next block's first_id. */
  first_id: number;
  last_id: number;
  recipe_count: number;
}

/** A word of a recipe's search_document (written by triggers, migrations 0010 and 0011; no key: a recipe's rows are found again from its search_document). */
export interface RecipeWordsTable {
  recipe_id: number;
  user_id: number;
  word: string;
}

/** A word of any of the user's recipes, past or present (written by triggers). */
export interface UserWordsTable {
  user_id: number;
  word: string;
}

/**
 * The recipes of one of the user's sealed groups of eight blocks
 * (recipe_blocks) having a word, as sorted, distinct offsets from the
 * group's first_id, its first block's (written by
 * triggers, migration 0013).
 */
export interface RecipeWordBlocksTable {
  user_id: number;
  word: string;
  first_id: number;
  offsets: number[];
}

/** The user's recipes below below_id are in recipe_word_blocks; the newest group's are not (migration 0013). */
export interface RecipeWordsSealedTable {
  user_id: number;
  below_id: number;
}

export interface RecipeTagsTable {
  recipe_id: number;
  tag_id: number;
}

export interface RecipeIngredientsTable {
  recipe_id: number;
  ingredient_id: number;
}

export interface AdminSessionsTable {
  /** SHA-256 of the cookie's key. */
  key_hash: Buffer;
  user_id: number;
  created_at: Generated<Date>;
  expires_at: Date;
}

export type AdminLogObjectType = 'user' | 'recipe' | 'tag' | 'ingredient';
export type AdminLogAction = 'added' | 'changed' | 'deleted';

/** Django's admin LogEntry: one row per add, change or delete made in the admin. */
export interface AdminLogTable {
  id: GeneratedAlways<number>;
  action_time: Generated<Date>;
  /** The staff member; null once their account is deleted (user_email stays). */
  user_id: number | null;
  user_email: string;
  object_type: AdminLogObjectType;
  object_id: number;
  /** What the object was called then (a title, an email, a name). */
  object_repr: string;
  action: AdminLogAction;
  /** "Changed title and price.", or '' */
  change_message: Generated<string>;
}
export type AdminLogRow = Selectable<AdminLogTable>;
