// Tags and ingredients: one implementation for both. Each belongs to one
// user, has a name unique for that user, and is linked to recipes.
import { type Expression, sql } from 'kysely';
import type { Executor } from '../database/pool.ts';
import { readPage } from './paging.ts';
import { type Placeholders, preparedQuery } from '../database/prepared-query.ts';
import { containsPattern } from './search-pattern.ts';

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

function attributeList(name: string, kind: AttributeKind, assignedOnly: boolean) {
  const link = links[kind];
  return preparedQuery(name, (db, p: Placeholders<{ userId: number }>) => {
    let query = db.selectFrom(kind).select(['id', 'name']).where('user_id', '=', p.userId);
    if (assignedOnly) {
      query = query.where((eb) =>
        eb.exists(eb.selectFrom(sql.table(link.table).as('link')).select(sql.lit(1).as('one')).where(sql.ref(`link.${link.column}`), '=', sql.ref(`${kind}.id`))),
      );
    }
    return query.orderBy(sql`name collate "und-x-icu"`, 'desc');
  });
}

// Run by every list of tags (ingredients): built once per kind and filter (prepared-query.ts).
const attributeLists = {
  tags: { all: attributeList('tag_list', 'tags', false), assigned: attributeList('tag_list_assigned', 'tags', true) },
  ingredients: { all: attributeList('ingredient_list', 'ingredients', false), assigned: attributeList('ingredient_list_assigned', 'ingredients', true) },
};

/**
 * A user's tags (ingredients), by name descending in the ICU root collation,
 * so the order is the same on every server whatever its locale. With
 * `assignedOnly`, only those linked to at least one recipe.
 */
export function listAttributes(db: Executor, kind: AttributeKind, userId: number, assignedOnly: boolean): Promise<Attribute[]> {
  return attributeLists[kind][assignedOnly ? 'assigned' : 'all'](db, { userId });
}

export interface AttributeQuery {
  readonly assignedOnly: boolean;
  /** Words that must each appear in the name (any case, accents or not, any part of it). */
  readonly search?: readonly string[];
}

function matchingAttributes(db: Executor, kind: AttributeKind, userId: number, q: AttributeQuery) {
  const link = links[kind];
  let query = db.selectFrom(kind).where('user_id', '=', userId);
  if (q.assignedOnly) query = query.where(sql<boolean>`exists (select from ${sql.table(link.table)} l where l.${sql.ref(link.column)} = ${sql.ref(`${kind}.id`)})`);
  // A user has tens or hundreds of names: read through (user_id, name), compared one by one.
  for (const term of q.search ?? []) query = query.where(sql<boolean>`search_name like search_text(${containsPattern(term)})`);
  return query;
}

/** The user's tags (ingredients) that `q` keeps, in listAttributes' order; all, or a page and the count. */
export async function queryAttributes(db: Executor, kind: AttributeKind, userId: number, q: AttributeQuery): Promise<Attribute[]>;
export async function queryAttributes(db: Executor, kind: AttributeKind, userId: number, q: AttributeQuery, page: { limit: number; offset: number }): Promise<{ count: number; attributes: Attribute[] }>;
export async function queryAttributes(db: Executor, kind: AttributeKind, userId: number, q: AttributeQuery, page?: { limit: number; offset: number }) {
  const query = matchingAttributes(db, kind, userId, q).select(['id', 'name']).orderBy(sql`name collate "und-x-icu"`, 'desc');
  if (page === undefined) return query.execute();
  const [attributes, { count }] = await Promise.all([
    query.limit(page.limit).offset(page.offset).execute(),
    matchingAttributes(db, kind, userId, q).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
  ]);
  return { count, attributes };
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

/** A tag (ingredient) as the admin lists it: any user's, with its owner and how many recipes use it. */
export interface OwnedAttribute {
  readonly id: number;
  readonly name: string;
  readonly user_id: number;
  readonly owner_email: string;
  readonly recipe_count: number;
}

export interface OwnedAttributePage {
  readonly attributes: OwnedAttribute[];
  readonly hasNext: boolean;
}

// The kind's table as a subquery named `attribute`: one set of column names
// for both kinds, none of them ambiguous beside the users table's.
function ownedAttributes(db: Executor, kind: AttributeKind) {
  const link = links[kind];
  return db
    .selectFrom((eb) => eb.selectFrom(kind).selectAll().as('attribute'))
    .innerJoin('users', 'users.id', 'attribute.user_id')
    .select(['attribute.id', 'attribute.name', 'attribute.user_id', 'users.email as owner_email'])
    .select(sql<number>`(select count(*) from ${sql.table(link.table)} where ${sql.ref(link.column)} = attribute.id)`.as('recipe_count'));
}

/** The columns the admin's lists of tags (ingredients) sort by. */
export const attributeSortColumns = ['name', 'owner', 'recipe_count'] as const;

export interface AllAttributesQuery {
  /** Part of the name or of the owner's email, in any case ('' for all). */
  readonly search: string;
  readonly ownerId?: number;
  /** By id when absent. */
  readonly sort?: { readonly column: (typeof attributeSortColumns)[number]; readonly descending: boolean };
}

/** Every user's tags (ingredients), `perPage` at a time, searched, filtered by owner and sorted (then by id). */
export async function listAllAttributes(db: Executor, kind: AttributeKind, { search, ownerId, sort }: AllAttributesQuery, page: number, perPage: number): Promise<OwnedAttributePage> {
  let query = ownedAttributes(db, kind);
  if (search !== '') {
    const pattern = containsPattern(search);
    query = query.where((eb) => eb.or([eb('attribute.name', 'ilike', pattern), eb('users.email', 'ilike', pattern)]));
  }
  if (ownerId !== undefined) query = query.where('attribute.user_id', '=', ownerId);
  if (sort !== undefined) {
    const column = { name: sql.ref('attribute.name'), owner: sql.ref('users.email'), recipe_count: sql.ref('recipe_count') }[sort.column];
    query = query.orderBy(column, sort.descending ? 'desc' : 'asc');
  }
  const { rows, hasNext } = await readPage(query.orderBy('attribute.id'), page, perPage);
  return { attributes: rows, hasNext };
}

/** Those of these tags (ingredients) that exist, with owner and use. */
export function findAnyAttributes(db: Executor, kind: AttributeKind, ids: readonly number[]): Promise<OwnedAttribute[]> {
  return ownedAttributes(db, kind).where('attribute.id', '=', sql<number>`any(${ids}::bigint[])`).orderBy('attribute.id').execute();
}

/** Deletes any users' tags (ingredients) by id, and so their links. */
export async function deleteAnyAttributes(db: Executor, kind: AttributeKind, ids: readonly number[]): Promise<void> {
  if (ids.length > 0) await db.deleteFrom(kind).where('id', '=', sql<number>`any(${ids}::bigint[])`).execute();
}

/** Makes a tag (ingredient) for the user; throws AttributeNameTakenError when they have one with this name. */
export async function createAttribute(db: Executor, kind: AttributeKind, userId: number, name: string): Promise<Attribute> {
  const created = await db
    .insertInto(kind)
    .values({ user_id: userId, name })
    .onConflict((conflict) => conflict.columns(['user_id', 'name']).doNothing())
    .returning(['id', 'name'])
    .executeTakeFirst();
  if (created === undefined) throw new AttributeNameTakenError();
  return created;
}

/** Any user's tag (ingredient), with its owner; undefined when there is none. */
export function findAnyAttribute(db: Executor, kind: AttributeKind, id: number): Promise<OwnedAttribute | undefined> {
  return ownedAttributes(db, kind).where('attribute.id', '=', id).executeTakeFirst();
}

/**
 * The user's tags (ingredients) with these names, made where missing: a
 * data-modifying query returning (id, name) of each, for a WITH clause. It is
 * `INSERT … ON CONFLICT DO UPDATE … RETURNING`, which returns the row whether
 * it is new, existed, or was being inserted by a concurrent request at that
 * moment (the update waits for that insert to commit, then sees its row; DO
 * NOTHING would return nothing, and a SELECT in the same statement could not
 * see it). The no-op update locks the rows until the transaction ends; names
 * go in sorted order, so two requests cannot deadlock. It sets user_id, not
 * name: setting name would compute the stored search_name (migration 0012)
 * again for every existing tag a create names.
 */
export function getOrCreateAttributes(kind: AttributeKind, userId: number | Expression<number>, names: readonly string[] | Expression<string[]>) {
  return sql<Attribute>`
    insert into ${sql.table(kind)} (user_id, name)
    select ${userId}, name from unnest(${names}::text[]) as name
    on conflict (user_id, name) do update set user_id = excluded.user_id
    returning id, name`;
}

/** The names as getOrCreateAttributes takes them: once each, sorted (the order its rows are locked in). */
export function attributeNames(names: readonly string[]): string[] {
  return [...new Set(names)].sort();
}

/**
 * Makes the user's tags (ingredients) with these names, and only those, the
 * recipe's; names the user has no tag for yet are made. Two statements,
 * whatever the count. Run it in a transaction.
 */
export async function setRecipeAttributes(db: Executor, kind: AttributeKind, userId: number, recipeId: number, names: readonly string[]): Promise<void> {
  const { table, column } = links[kind];
  await sql`delete from ${sql.table(table)} where recipe_id = ${recipeId}`.execute(db);
  if (names.length === 0) return;
  await sql`
    with attribute as (${getOrCreateAttributes(kind, userId, attributeNames(names))})
    insert into ${sql.table(table)} (recipe_id, ${sql.ref(column)}) select ${recipeId}, id from attribute`.execute(db);
}
