// A user's recipe list with the parameters beyond the original's: search,
// ordering, more filters, and pages with their count. (The original's list
// is listRecipes in recipes.ts.)
import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../database/pool.ts';
import { type Placeholders, preparedQuery } from '../database/prepared-query.ts';
import { links } from './recipe-attributes.ts';
import { type RecipeIds, recipeIdsCount, recipeIdsQuery, sealedBelow, searchedRecipeIds, searchWordsOf, soleWords, wordsCount, wordsGroups, wordsRecipes } from './recipe-words.ts';
import { containsPattern } from './search-pattern.ts';
import { withAttributes } from './attributes-of-recipes.ts';
import { listColumnsOf, listSelection, type RecipeListColumns, type RecipeListRow } from './recipe-model.ts';
import type { RecipeFilters } from './recipes.ts';

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


// The user's recipes that the query's filters and search keep (`found`: the
// search's ids, recipe-words.ts). Values travel as parameters (lists as
// arrays), so the SQL text depends only on which parts are present and on
// what the words stand for.
function matchingRecipes(db: Executor, userId: number, q: RecipeQuery, found: RecipeIds | undefined) {
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
  // Every word in one of the fields: ids from indexes, then the rows through
  // the primary key.
  if (found !== undefined) query = query.where(sql<boolean>`recipes.id = any(array(${recipeIdsQuery(userId, found)}))`);
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

/**
 * `query` (over `recipes`, or a CTE named so) in `q`'s order; ties by id, in
 * the direction of the last field, so an index on (field, id) serves both.
 */
function inQueryOrder<Query extends { orderBy(expression: RawBuilder<unknown>, direction: 'asc' | 'desc'): Query }>(query: Query, q: RecipeQuery): Query {
  const ordering = q.ordering ?? [];
  let ordered = query;
  for (const { field, descending } of ordering) ordered = ordered.orderBy(orderingExpressions[field], descending ? 'desc' : 'asc');
  if (!ordering.some(({ field }) => field === 'id')) ordered = ordered.orderBy(orderingExpressions.id, ordering.at(-1)?.descending === false ? 'asc' : 'desc');
  return ordered;
}

/** The search's words, or undefined for no search. */
function searchTerms(q: RecipeQuery): readonly [string, ...string[]] | undefined {
  const [first, ...rest] = q.search ?? [];
  return first === undefined ? undefined : [first, ...rest];
}

/** Whether `q` has none of the filters (it may still search and order). */
function filtersNothing(q: RecipeQuery): boolean {
  return [q.tagIds, q.ingredientIds, q.allTagIds, q.allIngredientIds, q.maxTime, q.maxPrice].every((value) => value === undefined);
}

/** Whether `q` keeps every recipe of the user (it may still order them). */
function keepsAll(q: RecipeQuery): boolean {
  return filtersNothing(q) && searchTerms(q) === undefined;
}

/** The direction of `q`'s order when it orders by id alone (the default: newest first); undefined for any other order. */
function idOrder(q: RecipeQuery): 'asc' | 'desc' | undefined {
  const ordering = q.ordering ?? [];
  const [only] = ordering;
  if (only === undefined) return 'desc';
  return ordering.length === 1 && only.field === 'id' ? (only.descending ? 'desc' : 'asc') : undefined;
}

/**
 * The user's recipes that `q` keeps, in its order (ties: by id, in the
 * direction of the last field, so an index on (field, id) serves both), with
 * their tags and ingredients; all of them, or a page and the count.
 */
export async function queryRecipes(db: Executor, userId: number, q: RecipeQuery): Promise<RecipeListRow[]>;
export async function queryRecipes(db: Executor, userId: number, q: RecipeQuery, page: { limit: number; offset: number }): Promise<RecipePage>;
export async function queryRecipes(db: Executor, userId: number, q: RecipeQuery, page?: { limit: number; offset: number }): Promise<RecipeListRow[] | RecipePage> {
  const terms = searchTerms(q);
  const direction = idOrder(q);
  if (page !== undefined && terms !== undefined && filtersNothing(q) && direction !== undefined) {
    const usual = await wordsPage(db, userId, terms, direction, page);
    if (usual !== undefined) return usual;
  }
  const found = terms === undefined ? undefined : await searchedRecipeIds(db, userId, terms);
  // A search word that matches nothing of the user's: no recipe can match.
  if (terms !== undefined && found === undefined) return page === undefined ? [] : { count: 0, recipes: [] };
  // Built only where it runs: the page paths below have statements of their own.
  const ordered = () => inQueryOrder(matchingRecipes(db, userId, q, found).select(listSelection), q);
  if (page === undefined) return withAttributes(db, userId, await ordered().execute());
  if (found !== undefined) {
    return filtersNothing(q) && direction !== undefined ? searchedPageById(db, userId, found, direction, page) : searchedPage(db, userId, q, found, page);
  }
  if (keepsAll(q)) {
    // The count rides on the page's rows: one statement, one round trip.
    const rows = direction === 'desc'
      ? await newestPage(db, userId, page)
      : await ordered().select(sql<number>`(${blocksTotal(userId)})`.as('full_count')).limit(page.limit).offset(page.offset).execute();
    // Past the last recipe no row carries the count.
    const count = rows[0]?.full_count ?? (page.offset === 0 ? 0 : await countAll(db, userId));
    return { count, recipes: await withAttributes(db, userId, rows) };
  }
  const [rows, count] = await Promise.all([ordered().limit(page.limit).offset(page.offset).execute(), countMatching(db, userId, q, found)]);
  return { count, recipes: await withAttributes(db, userId, rows) };
}

/**
 * A page of a search alone in the order of ids, and its count, reading only
 * the page's recipes: the matches' ids come from indexes (recipe-words.ts),
 * are counted and ordered as ids, and the page's are then read by primary key.
 * Words of the user's are sorted runs of an index, merged twice: once to count
 * them all, once for the page, which stops after its rows; any other ids are
 * gathered once, then counted and sorted.
 */
async function searchedPageById(db: Executor, userId: number, found: RecipeIds, direction: 'asc' | 'desc', page: { limit: number; offset: number }): Promise<RecipePage> {
  const order = sql.raw(direction);
  const match = 'words' in found ? sql`` : sql`with match as materialized (${found.query})`;
  const ids = 'words' in found ? sql`(${wordsRecipes(userId, found.words)}) match` : sql`match`;
  const { rows } = await sql<RecipeListColumns & { full_count: number }>`
    ${match}
    select ${listColumnsOf('r')}, ${'words' in found ? wordsCount(userId, found.words) : sql`(select count(*) from match)`} as full_count
    from recipes r
    where r.user_id = ${userId} and r.id = any(array(select id from ${ids} order by id ${order} offset ${page.offset} limit ${page.limit}))
    order by r.id ${order}`.execute(db);
  // Past the last match no row carries the count.
  const count = rows[0]?.full_count ?? (page.offset === 0 ? 0 : await countSearched(db, userId, found));
  return { count, recipes: await withAttributes(db, userId, rows) };
}

/**
 * The usual search, in one statement: one to three words, each exactly one
 * of the user's words and nothing else of theirs (recipe-words.ts,
 * searchWordsOf), in the order of ids, without filters. It finds the words
 * and reads their recipes in the same pass: a word's recipes are one sorted
 * run of the words index, so the words are intersected by merging the runs,
 * once to count them all and once for the page, which stops after its rows.
 * Named, so it is planned once per connection (planning was a third of its
 * cost). Undefined when a word is not of that kind: then the two steps.
 */
async function wordsPage(db: Executor, userId: number, terms: readonly [string, ...string[]], direction: 'asc' | 'desc', page: { limit: number; offset: number }): Promise<RecipePage | undefined> {
  const statement = wordPages[direction][terms.length];
  if (statement === undefined) return undefined;
  const [first, ...rows] = await statement(db, { userId, patterns: terms.map(containsPattern), ...page });
  if (first?.only_words !== true) return undefined;
  const recipes = rows.filter((row): row is RecipeRowOfPage => row.id !== null);
  return { count: first.full_count ?? 0, recipes: await withAttributes(db, userId, recipes) };
}

// Index 0: none; more than three words take the two steps.
const wordPages = {
  asc: [undefined, ...[1, 2, 3].map((count) => wordPage(count, 'asc'))],
  desc: [undefined, ...[1, 2, 3].map((count) => wordPage(count, 'desc'))],
} as const;

type Nullable<Row> = { [Column in keyof Row]: Row[Column] | null };
type RecipeRowOfPage = RecipeListColumns & { only_words: null; full_count: null };
// The first row: whether the search is of words alone and, if so, its count; then the page's recipes.
type WordPageRow = ({ only_words: boolean; full_count: number | null } & Nullable<RecipeListColumns>) | RecipeRowOfPage;

// The matches fall in segments, in id order: each sealed group's (the
// intersection of its words' arrays, migration 0013) and the open group's
// (`tail`, merged from the words index into one array), all newer than the
// sealed ones. The count is the segments' sizes. A page at any depth reads
// only the segments it overlaps, found by how many matches come before each,
// and takes its ids from them by position: the arrays are sorted, so the
// match at a position is one subscript, with nothing unnested or sorted.
function wordPage(count: number, direction: 'asc' | 'desc') {
  const order = sql.raw(direction);
  return preparedQuery(`recipe_search_words_${count}_${direction}`, (_db, p: Placeholders<{ userId: number; patterns: readonly string[]; offset: number; limit: number }>) => {
    const word = (n: number) => sql<string>`(select words[1] from term where n = ${sql.lit(n)})`;
    const gated = sql`(select only_words from search)`;
    const sealedBefore = sql`coalesce(sum(n) over (order by first_id ${order} rows between unbounded preceding and 1 preceding), 0)`;
    // Newest first, the open group's matches come first; oldest first, last.
    const before = direction === 'desc'
      ? { tail: sql`0`, sealed: sql`(select n from tail_n) + ${sealedBefore}` }
      : { tail: sql`(select n from sealed_n)`, sealed: sealedBefore };
    // The match at position `pos` (from 0) of a sealed segment, its offsets ascending.
    const at = direction === 'desc' ? sql`s.offsets[(s.n - (pos - s.before))::int4]` : sql`s.offsets[(pos - s.before + 1)::int4]`;
    const start = sql`${p.offset}::int8`;
    const end = sql`${p.offset}::int8 + ${p.limit}::int8`;
    return sql<WordPageRow>`
      with term as materialized (${searchWordsOf(p.userId, p.patterns, count)}),
      search as materialized (select ${soleWords(p.userId)} as only_words from term),
      below as materialized (select ${sealedBelow(p.userId)} as id),
      tail as materialized (
        select array(select t.id from (${wordsRecipes(p.userId, word, count, sql`(select id from below)`)}) t order by t.id ${order}) as ids
        where ${gated}
      ),
      tail_n as (select coalesce((select cardinality(ids) from tail), 0) as n),
      grp as materialized (select first_id, offsets, cardinality(offsets) as n from (${wordsGroups(p.userId, word, count)}) g where ${gated}),
      sealed_n as (select coalesce(sum(n), 0) as n from grp),
      seg as materialized (select first_id, offsets, n, ${before.sealed} as before from grp),
      page as (
        select t.ids[(pos - ${before.tail} + 1)::int4] as id
        from tail t, generate_series(greatest(${start}, ${before.tail}), least(${end}, ${before.tail} + cardinality(t.ids)) - 1) pos
        union all
        select s.first_id + ${at} from seg s, generate_series(greatest(${start}, s.before), least(${end}, s.before + s.n) - 1) pos
        where s.before < ${end} and s.before + s.n > ${start}
      )
      -- The count on a row of its own, first (its recipe columns null: the join on false types them), then the page.
      (select s.only_words, s.full_count, ${listColumnsOf('r')}
       from (select only_words, case when only_words then (select n from tail_n) + (select n from sealed_n) end as full_count from search) s
       left join recipes r on false)
      union all
      (select null, null, ${listColumnsOf('r')} from recipes r
       where ${gated} and r.user_id = ${p.userId} and r.id = any(array(select id from page)))
      order by id ${order} nulls first`;
  });
}

async function countSearched(db: Executor, userId: number, found: RecipeIds): Promise<number> {
  const { rows } = await sql<{ count: number }>`select ${recipeIdsCount(userId, found)} as count`.execute(db);
  return rows[0]?.count ?? 0;
}

/**
 * A page of a search with filters or in another order, and its count, from
 * one pass over the matches: they are read from the table anyway (to filter
 * or order them), so they are gathered once, then counted and ordered in
 * memory, instead of found twice.
 */
async function searchedPage(db: Executor, userId: number, q: RecipeQuery, found: RecipeIds, page: { limit: number; offset: number }): Promise<RecipePage> {
  const matches = matchingRecipes(db, userId, q, found).select(listSelection);
  const query = db
    .with((cte) => cte('match').materialized(), () => matches)
    .selectFrom('match as recipes')
    .select(listSelection)
    .select(sql<number>`(select count(*) from match)`.as('full_count'));
  const rows = await inQueryOrder(query, q).limit(page.limit).offset(page.offset).execute();
  // Past the last match no row carries the count.
  const count = rows[0]?.full_count ?? (page.offset === 0 ? 0 : await countMatching(db, userId, q, found));
  // full_count rides along unused: toRecipeListJson picks the contract's fields.
  return { count, recipes: await withAttributes(db, userId, rows) };
}

// A filtered or searched list is counted through the same indexes as it is
// read: the cost grows with the recipes that match, not with the user's total.
async function countMatching(db: Executor, userId: number, q: RecipeQuery, found: RecipeIds | undefined): Promise<number> {
  const { count } = await matchingRecipes(db, userId, q, found).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return count;
}

// All of a user's recipes: the sum of their blocks (migration 0009), about
// one row per thousand recipes.
function blocksTotal(userId: number) {
  return sql<number>`select coalesce(sum(recipe_count), 0)::int8 as count from recipe_blocks where user_id = ${userId}`;
}

async function countAll(db: Executor, userId: number): Promise<number> {
  const { rows } = await sql<{ count: number }>`${blocksTotal(userId)}`.execute(db);
  return rows[0]?.count ?? 0;
}

/**
 * A page of all the user's recipes, newest first, at any depth for the cost
 * of the first: the blocks' running totals (newest block first) say which
 * block the offset falls in and how many newer recipes there are; the page
 * then starts below the next newer block's first id, skipping fewer than a
 * block's worth of index entries. One statement: the blocks and recipes it
 * reads are of one snapshot, so they agree. Run by every page of the whole
 * list: built once and named (prepared-query.ts).
 */
const newestRecipes = preparedQuery('recipe_page_newest', (_db, p: Placeholders<{ userId: number; offset: number; limit: number }>) => sql<RecipeListColumns & { full_count: number }>`
    with block as (
      select lag(first_id) over newest_first as upper_id,
             sum(recipe_count) over newest_first - recipe_count as before,
             sum(recipe_count) over newest_first as through
      from recipe_blocks where user_id = ${p.userId}
      window newest_first as (order by first_id desc rows unbounded preceding)
    ),
    start as (select upper_id, before from block where through > ${p.offset} order by through limit 1)
    select ${listColumnsOf('r')}, (select coalesce(max(through), 0) from block)::int8 as full_count
    from recipes r
    -- A scalar subquery, so the bound is an index condition (beyond the end: null, no rows).
    where r.user_id = ${p.userId} and r.id < (select coalesce(upper_id, 9223372036854775807) from start)
    order by r.id desc
    offset (select ${p.offset}::int8 - before from start) limit ${p.limit}`);

function newestPage(db: Executor, userId: number, page: { limit: number; offset: number }) {
  return newestRecipes(db, { userId, ...page });
}
