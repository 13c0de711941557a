// Tags and ingredients: one implementation for both. Each belongs to one
// user, has a name unique for that user, and is linked to recipes.
import { sql } from 'kysely';
import type { Executor } from './db.ts';

export type AttributeKind = 'tags' | 'ingredients';

export interface Attribute {
  readonly id: number;
  readonly name: string;
}

/** The link table between recipes and each kind, and its column. */
export const links = {
  tags: { table: 'recipe_tags', column: 'tag_id' },
  ingredients: { table: 'recipe_ingredients', column: 'ingredient_id' },
} as const;

/** The user already has a tag (ingredient) with this name. */
export class AttributeNameTakenError extends Error {
  override name = 'AttributeNameTakenError';
  constructor() {
    super('You already have one with this name.');
  }
}

/**
 * A user's tags (ingredients), by name descending in the ICU root collation,
 * so the order is the same on every server whatever its locale. With
 * `assignedOnly`, only those linked to at least one recipe.
 */
export function listAttributes(db: Executor, kind: AttributeKind, userId: number, assignedOnly: boolean): Promise<Attribute[]> {
  const link = links[kind];
  let query = db.selectFrom(kind).select(['id', 'name']).where('user_id', '=', userId);
  if (assignedOnly) {
    query = query.where((eb) =>
      eb.exists(eb.selectFrom(sql.table(link.table).as('link')).select(sql.lit(1).as('one')).where(sql.ref(`link.${link.column}`), '=', sql.ref(`${kind}.id`))),
    );
  }
  return query.orderBy(sql`name collate "und-x-icu"`, 'desc').execute();
}

/** Renames one of the user's tags (ingredients); undefined when it is not theirs. */
export async function renameAttribute(db: Executor, kind: AttributeKind, userId: number, id: number, name: string): Promise<Attribute | undefined> {
  try {
    return await db.updateTable(kind).set({ name }).where('id', '=', id).where('user_id', '=', userId).returning(['id', 'name']).executeTakeFirst();
  } catch (error) {
    if ((error as { constraint?: string }).constraint === `${kind}_user_id_name_key`) throw new AttributeNameTakenError();
    throw error;
  }
}

export async function findAttribute(db: Executor, kind: AttributeKind, userId: number, id: number): Promise<Attribute | undefined> {
  return db.selectFrom(kind).select(['id', 'name']).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
}

/** Deletes one of the user's tags (ingredients), and so its links; false when it is not theirs. */
export async function deleteAttribute(db: Executor, kind: AttributeKind, userId: number, id: number): Promise<boolean> {
  const { numDeletedRows } = await db.deleteFrom(kind).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return numDeletedRows > 0n;
}

/**
 * The user's tags (ingredients) with these names, made where missing.
 * Race-free: INSERT … ON CONFLICT DO NOTHING waits for a concurrent insert
 * of the same name and then leaves it be; the SELECT that follows sees it.
 * Names are inserted in sorted order so two requests cannot deadlock.
 */
export async function getOrCreateAttributes(db: Executor, kind: AttributeKind, userId: number, names: readonly string[]): Promise<Attribute[]> {
  const unique = [...new Set(names)].sort();
  if (unique.length === 0) return [];
  await sql`
    insert into ${sql.table(kind)} (user_id, name)
    select ${userId}, name from unnest(${unique}::text[]) as name
    on conflict (user_id, name) do nothing`.execute(db);
  return db.selectFrom(kind).select(['id', 'name']).where('user_id', '=', userId).where('name', '=', sql<string>`any(${unique}::text[])`).execute();
}

/** Makes these the recipe's tags (ingredients), replacing the ones it had. */
export async function replaceRecipeAttributes(db: Executor, kind: AttributeKind, recipeId: number, attributeIds: readonly number[]): Promise<void> {
  const { table, column } = links[kind];
  await sql`delete from ${sql.table(table)} where recipe_id = ${recipeId}`.execute(db);
  if (attributeIds.length === 0) return;
  await sql`
    insert into ${sql.table(table)} (recipe_id, ${sql.ref(column)})
    select ${recipeId}, id from unnest(${attributeIds}::bigint[]) as id`.execute(db);
}
