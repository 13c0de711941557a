// A user's recipe list with the parameters beyond the original's: search,
// ordering, more filters, and pages with their count. (The original's list
// is listRecipes in recipes.ts.)
import { sql } from 'kysely';
import type { Executor } from '../database/pool.ts';
import { type AttributeKind, links } from './recipe-attributes.ts';
import { type RecipeFilters, type RecipeListRow, withAttributes } from './recipes.ts';
import { containsPattern } from './search-pattern.ts';

/** The fields a list can be ordered by (`?ordering=`). */
export const orderingFields = ['title', 'time_minutes', 'price', 'id'] as const;
export type OrderingField = (typeof orderingFields)[number];

/** What a list asks for beyond the original's filters: each absent one does not apply. */
export interface RecipeQuery extends RecipeFilters {
  /** Recipes with every one of these tags (ingredients). */
  readonly allTagIds?: readonly string[];
  readonly allIngredientIds?: readonly string[];
  readonly maxTime?: number;
  /** Decimal text. */
  readonly maxPrice?: string;
  /** Words that must each appear in the title, the description, a tag's or an ingredient's name. */
  readonly search?: readonly string[];
  /** Default (and after the given fields): newest first. */
  readonly ordering?: readonly { readonly field: OrderingField; readonly descending: boolean }[];
}

/** A page of a list: `limit` rows after `offset`, and how many the whole list has. */
export interface RecipePage {
  readonly count: number;
  readonly recipes: RecipeListRow[];
}


// The user's recipes that the query's filters and search keep. Values travel
// as parameters (lists as arrays), so the SQL text depends only on which
// parts are present and on the number of words.
function matchingRecipes(db: Executor, userId: number, q: RecipeQuery) {
  let query = db.selectFrom('recipes').where('recipes.user_id', '=', userId);
  for (const [kind, ids] of [['tags', q.tagIds], ['ingredients', q.ingredientIds]] as const) {
    if (ids === undefined) continue;
    const { table, column } = links[kind];
    query = query.where(sql<boolean>`exists (select from ${sql.table(table)} l where l.recipe_id = recipes.id and l.${sql.ref(column)} = any(${ids}::bigint[]))`);
  }
  for (const [kind, ids] of [['tags', q.allTagIds], ['ingredients', q.allIngredientIds]] as const) {
    if (ids === undefined) continue;
    const { table, column } = links[kind];
    query = query.where(sql<boolean>`${ids}::bigint[] <@ array(select l.${sql.ref(column)} from ${sql.table(table)} l where l.recipe_id = recipes.id)`);
  }
  if (q.maxTime !== undefined) query = query.where('recipes.time_minutes', '<=', q.maxTime);
  if (q.maxPrice !== undefined) query = query.where('recipes.price', '<=', sql<string>`${q.maxPrice}::numeric`);
  // Every word in one of the fields: the title or description through the
  // trigram index, or the name of one of the recipe's tags or ingredients
  // (the user's names that match, then their recipes through the link index).
  for (const term of q.search ?? []) {
    const pattern = sql<string>`search_text(${containsPattern(term)})`;
    const byName = (kind: AttributeKind) => {
      const { table, column } = links[kind];
      return sql<boolean>`recipes.id = any(array(
        select l.recipe_id from ${sql.table(table)} l join ${sql.table(kind)} a on a.id = l.${sql.ref(column)}
        where a.user_id = ${userId} and search_text(a.name) like ${pattern}))`;
    };
    query = query.where(sql<boolean>`(recipes.search_document like ${pattern} or ${byName('tags')} or ${byName('ingredients')})`);
  }
  return query;
}

// Titles compare as people read them: the ICU root collation puts an accented
// letter beside its base letter and lets case only break ties (the index of
// migration 0007 has the same expression).
const orderingExpressions = {
  title: sql`recipes.title collate "und-x-icu"`,
  time_minutes: sql`recipes.time_minutes`,
  price: sql`recipes.price`,
  id: sql`recipes.id`,
} satisfies Record<OrderingField, unknown>;

/** Whether `q` keeps every recipe of the user (it may still order them). */
function keepsAll(q: RecipeQuery): boolean {
  return [q.tagIds, q.ingredientIds, q.allTagIds, q.allIngredientIds, q.maxTime, q.maxPrice].every((value) => value === undefined) && !q.search?.length;
}

/**
 * The user's recipes that `q` keeps, in its order (ties: by id, in the
 * direction of the last field, so an index on (field, id) serves both), with
 * their tags and ingredients; all of them, or a page and the count.
 */
export async function queryRecipes(db: Executor, userId: number, q: RecipeQuery): Promise<RecipeListRow[]>;
export async function queryRecipes(db: Executor, userId: number, q: RecipeQuery, page: { limit: number; offset: number }): Promise<RecipePage>;
export async function queryRecipes(db: Executor, userId: number, q: RecipeQuery, page?: { limit: number; offset: number }): Promise<RecipeListRow[] | RecipePage> {
  const ordering = q.ordering ?? [];
  let query = matchingRecipes(db, userId, q).select(['recipes.id', 'recipes.title', 'recipes.time_minutes', 'recipes.price', 'recipes.link']);
  for (const { field, descending } of ordering) query = query.orderBy(orderingExpressions[field], descending ? 'desc' : 'asc');
  if (!ordering.some(({ field }) => field === 'id')) query = query.orderBy('recipes.id', ordering.at(-1)?.descending === false ? 'asc' : 'desc');
  if (page === undefined) return withAttributes(db, userId, await query.execute());
  if (q.search?.length) return searchedPage(db, userId, q, page);
  const newestFirst = ordering.length === 0 || (ordering.length === 1 && ordering[0]?.field === 'id' && ordering[0].descending);
  const [rows, count] = await Promise.all([
    keepsAll(q) && newestFirst ? newestPage(db, userId, page) : query.limit(page.limit).offset(page.offset).execute(),
    keepsAll(q) ? countAll(db, userId) : countMatching(db, userId, q),
  ]);
  return { count, recipes: await withAttributes(db, userId, rows) };
}

/**
 * A page of a search, and its count, from one pass over the matches: a
 * search's matches are read from the table anyway (the trigram index is
 * lossy, each candidate is checked again), so they are gathered once, then
 * counted and ordered in memory, instead of found twice.
 */
async function searchedPage(db: Executor, userId: number, q: RecipeQuery, page: { limit: number; offset: number }): Promise<RecipePage> {
  const ordering = q.ordering ?? [];
  const matches = matchingRecipes(db, userId, q).select(['recipes.id', 'recipes.title', 'recipes.time_minutes', 'recipes.price', 'recipes.link']);
  let query = db
    .with((cte) => cte('match').materialized(), () => matches)
    .selectFrom('match as recipes')
    .select(['recipes.id', 'recipes.title', 'recipes.time_minutes', 'recipes.price', 'recipes.link'])
    .select(sql<number>`(select count(*) from match)`.as('full_count'));
  for (const { field, descending } of ordering) query = query.orderBy(orderingExpressions[field], descending ? 'desc' : 'asc');
  if (!ordering.some(({ field }) => field === 'id')) query = query.orderBy('recipes.id', ordering.at(-1)?.descending === false ? 'asc' : 'desc');
  const rows = await query.limit(page.limit).offset(page.offset).execute();
  // Past the last match no row carries the count.
  const count = rows[0]?.full_count ?? (page.offset === 0 ? 0 : await countMatching(db, userId, q));
  // full_count rides along unused: toRecipeListJson picks the contract's fields.
  return { count, recipes: await withAttributes(db, userId, rows) };
}

// A filtered or searched list is counted through the same indexes as it is
// read: the cost grows with the recipes that match, not with the user's total.
async function countMatching(db: Executor, userId: number, q: RecipeQuery): Promise<number> {
  const { count } = await matchingRecipes(db, userId, q).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return count;
}

// All of a user's recipes: the sum of their blocks (migration 0009), about
// one row per thousand recipes.
async function countAll(db: Executor, userId: number): Promise<number> {
  const { count } = await db
    .selectFrom('recipe_blocks')
    .select(sql<number>`coalesce(sum(recipe_count), 0)::int8`.as('count'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return count;
}

/**
 * A page of all the user's recipes, newest first, at any depth for the cost
 * of the first: the blocks' running totals (newest block first) say which
 * block the offset falls in and how many newer recipes there are; the page
 * then starts below the next newer block's first id, skipping fewer than a
 * block's worth of index entries. One statement: the blocks and recipes it
 * reads are of one snapshot, so they agree.
 */
async function newestPage(db: Executor, userId: number, page: { limit: number; offset: number }) {
  const { rows } = await sql<{ id: number; title: string; time_minutes: number; price: string; link: string }>`
    with block as (
      select lag(first_id) over newest_first as upper_id,
             sum(recipe_count) over newest_first - recipe_count as before,
             sum(recipe_count) over newest_first as through
      from recipe_blocks where user_id = ${userId}
      window newest_first as (order by first_id desc rows unbounded preceding)
    ),
    start as (select upper_id, before from block where through > ${page.offset} order by through limit 1)
    select r.id, r.title, r.time_minutes, r.price, r.link
    from recipes r
    -- A scalar subquery, so the bound is an index condition (beyond the end: null, no rows).
    where r.user_id = ${userId} and r.id < (select coalesce(upper_id, 9223372036854775807) from start)
    order by r.id desc
    offset (select ${page.offset}::int8 - before from start) limit ${page.limit}`.execute(db);
  return rows;
}
