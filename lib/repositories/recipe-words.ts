// Which of a user's recipes a search keeps, as ids read from indexes alone
// (the words of migrations 0010 and 0011 and the tag and ingredient links),
// so that a search can be counted without reading the recipes that match.
//
// Each search word is looked up among the user's own words, tags and
// ingredients (small: tens to thousands of rows), which says which lists of
// recipe ids it stands for; then only those lists are read. A search word
// that is exactly one of the user's words and nothing else of theirs (the
// usual case: `lentil`) is one run of the index on (user_id, word,
// recipe_id), already in id order and each recipe once, so two such words
// are intersected by merging two sorted runs (a merge join, no hash table),
// and a page in id order stops after its rows. That case is read in one
// statement that finds the words as it goes (searchWordsOf, used by
// recipe-search.ts); any other search in two, the second shaped by what the
// first found (searchedRecipeIds): a word standing for several lists (`curr`
// in `curry` and `curried`, or in a tag's name) needs their union made
// distinct.
import { type Expression, type RawBuilder, sql } from 'kysely';
import type { Executor } from '../database/pool.ts';
import { type Placeholders, preparedQuery } from '../database/prepared-query.ts';
import { type AttributeKind, links } from './recipe-attributes.ts';
import { containsPattern } from './search-pattern.ts';

/** What one search word stands for among a user's own things. */
interface TermMatches {
  /** The word as a `like` pattern, in search_text() form. */
  readonly pattern: string;
  /** The user's words (user_words) containing it. */
  readonly words: readonly string[];
  /** The user's tags (ingredients) whose name contains it; bigint ids as text. */
  readonly tags: readonly string[];
  readonly ingredients: readonly string[];
  /**
   * search_text() turned the word into nothing, or into text with white space
   * (unaccent writes `¼` as ` 1/4`), which no single word holds: it is looked
   * for in the whole documents instead.
   */
  readonly inDocuments: boolean;
}

// One statement for any number of words (an array): named, so it is planned
// once per connection. Each word's pattern is computed once (the subquery
// with `offset 0` is not merged into the others), not once per row compared.
const termMatches = preparedQuery('recipe_search_terms', (_db, p: Placeholders<{ userId: number; patterns: readonly string[] }>) => sql<TermMatches>`
  select t.pattern,
    array(select v.word from user_words v where v.user_id = ${p.userId} and v.word like t.pattern order by v.word) as words,
    array(select a.id from tags a where a.user_id = ${p.userId} and a.search_name like t.pattern order by a.id)::text[] as tags,
    array(select a.id from ingredients a where a.user_id = ${p.userId} and a.search_name like t.pattern order by a.id)::text[] as ingredients,
    t.pattern !~ '^%[^[:space:]]+%$' as "inDocuments"
  from (select u.n, search_text(u.term) as pattern from unnest(${p.patterns}::text[]) with ordinality as u(term, n) offset 0) t
  order by t.n`);

/**
 * The search words (`like` patterns, in order, as an array) among the user's
 * words, for a statement that reads them in the same pass as it uses them: a
 * query of (n, pattern, words), `pattern` the n-th of the first `count` in
 * search_text() form and `words` the first two of the user's words containing
 * it (so `words[1]` is the word, and `cardinality(words) = 1` says it is the
 * only one). soleWords says whether the recipes are then those having every
 * `words[1]` (wordsRecipes); otherwise the search takes the two steps of
 * searchedRecipeIds.
 */
export function searchWordsOf(userId: Expression<number>, patterns: Expression<readonly string[]>, count: number) {
  return sql<{ n: number; pattern: string; words: string[] }>`
    select t.n, t.pattern, array(select v.word from user_words v where v.user_id = ${userId} and v.word like t.pattern limit 2) as words
    from (select u.n, search_text((${patterns}::text[])[u.n]) as pattern from generate_series(1, ${sql.lit(count)}) as u(n) offset 0) t`;
}

/**
 * Over `term` (a CTE of searchWordsOf): whether each pattern is exactly one
 * of the user's words and nothing else of theirs (no other word, no tag or
 * ingredient, and no white space in it). The tags and ingredients are read
 * once for all the patterns, and only when the words allow it.
 */
export function soleWords(userId: Expression<number>) {
  const named = (table: 'tags' | 'ingredients') => sql<boolean>`exists (select from ${sql.table(table)} a where a.user_id = ${userId} and a.search_name like any (array(select pattern from term)))`;
  return sql<boolean>`
    coalesce(bool_and(cardinality(words) = 1 and pattern ~ '^%[^[:space:]]+%$'), false)
    and not ${named('tags')} and not ${named('ingredients')}`;
}

/**
 * The recipes a search keeps: when every search word is exactly one of the
 * user's words (and nothing else of theirs), those words, each one sorted run
 * of the index; otherwise a query of one column, `id`, each recipe once.
 */
export type RecipeIds =
  | { readonly words: readonly [string, ...string[]] }
  | { readonly query: RawBuilder<{ id: number }> };

/**
 * The user's recipes in which every one of `terms` appears (any case,
 * accents or not, any part of a word) in the title, the description, or the
 * name of one of their tags or ingredients; undefined when a term matches
 * nothing of the user's, so no recipe can match.
 */
export async function searchedRecipeIds(db: Executor, userId: number, terms: readonly [string, ...string[]]): Promise<RecipeIds | undefined> {
  const matches = await termMatches(db, { userId, patterns: terms.map(containsPattern) });
  const perTerm = matches.map((term) => recipesWith(userId, term));
  if (!perTerm.every((ids) => ids !== undefined)) return undefined;
  const words = perTerm.flatMap((ids) => ('word' in ids ? [ids.word] : []));
  const [first, ...rest] = words;
  if (first !== undefined && words.length === perTerm.length) return { words: [first, ...rest] };
  return { query: intersection(perTerm.map((ids) => ('word' in ids ? wordRecipes(userId, ids.word) : ids.query))) };
}

/** `ids` as a query of one column, `id`. */
export function recipeIdsQuery(userId: number, ids: RecipeIds): RawBuilder<{ id: number }> {
  return 'words' in ids ? wordsRecipes(userId, ids.words) : ids.query;
}

/** How many recipes `ids` holds, as a scalar. */
export function recipeIdsCount(userId: number, ids: RecipeIds): RawBuilder<number> {
  return 'words' in ids ? wordsCount(userId, ids.words) : sql<number>`(select count(*) from (${ids.query}) match)`;
}

/** Exact words of the user's: the words, or for a prepared statement the SQL of the word at each position (from 1). */
export type Words = readonly string[] | ((position: number) => RawBuilder<string>);

function wordAt(words: Words, i: number): RawBuilder<string> {
  return typeof words === 'function' ? words(i + 1) : sql<string>`(${words}::text[])[${sql.lit(i + 1)}]`;
}

function wordCount(words: Words, count: number | undefined): number {
  return count ?? (Array.isArray(words) ? words.length : 1);
}

/**
 * The user's recipes having every one of `words` (exact words of theirs): one
 * sorted index run per word, merged; from the id `from` on, when given.
 */
export function wordsRecipes(userId: number | Expression<number>, words: Words, count?: number, from?: RawBuilder<number>): RawBuilder<{ id: number }> {
  const lowest = from === undefined ? sql`` : sql` and w.recipe_id >= ${from}`;
  return intersection(Array.from({ length: wordCount(words, count) }, (_, i) => sql<{ id: number }>`
    select w.recipe_id as id from recipe_words w where w.user_id = ${userId} and w.word = ${wordAt(words, i)}${lowest}`));
}

/** Where the user's sealed groups end (migration 0013), as a scalar: 0 when none are. */
export function sealedBelow(userId: number | Expression<number>): RawBuilder<number> {
  return sql<number>`(select coalesce(max(z.below_id), 0) from recipe_words_sealed z where z.user_id = ${userId})`;
}

/**
 * The user's sealed groups (migration 0013) in which every one of `words`
 * (exact words of theirs) appears: a query of (first_id, offsets), the
 * group's recipes having them all as sorted offsets from first_id (the
 * intersection of the words' arrays).
 */
export function wordsGroups(userId: number | Expression<number>, words: Words, count?: number): RawBuilder<{ first_id: number; offsets: number[] }> {
  const n = wordCount(words, count);
  const group = (i: number) => sql.id(`g${i}`);
  const joins = Array.from({ length: n - 1 }, (_, i) => sql`
    join recipe_word_blocks ${group(i + 1)} on ${group(i + 1)}.user_id = g0.user_id and ${group(i + 1)}.word = ${wordAt(words, i + 1)} and ${group(i + 1)}.first_id = g0.first_id`);
  const common = Array.from({ length: n - 1 }, (_, i) => i + 1).reduce((offsets, i) => sql`word_offsets_and(${offsets}, ${group(i)}.offsets)`, sql`g0.offsets`);
  return sql`
    select g0.first_id, ${common} as offsets from recipe_word_blocks g0${sql.join(joins, sql``)}
    where g0.user_id = ${userId} and g0.word = ${wordAt(words, 0)}`;
}

/**
 * How many of the user's recipes have every one of `words` (exact words of
 * theirs), as a scalar: in the sealed groups the sizes of the intersections
 * of the words' offset arrays, group by group; above them (the newest
 * group) the merge of the words' index runs.
 */
export function wordsCount(userId: number | Expression<number>, words: Words, count?: number): RawBuilder<number> {
  const n = wordCount(words, count);
  return sql<number>`(
    (select coalesce(sum(cardinality(offsets)), 0) from (${wordsGroups(userId, words, n)}) sealed)
    + (select count(*) from (${wordsRecipes(userId, words, n, sealedBelow(userId))}) tail))`;
}

function wordRecipes(userId: number, word: string) {
  return sql<{ id: number }>`select w.recipe_id as id from recipe_words w where w.user_id = ${userId} and w.word = ${word}`;
}

// Each term's ids are distinct, so joining them on the id intersects them;
// the planner merges the sorted ones.
function intersection(queries: readonly RawBuilder<{ id: number }>[]): RawBuilder<{ id: number }> {
  const [first, ...rest] = queries;
  if (first === undefined) throw new Error('an intersection of nothing');
  if (rest.length === 0) return first;
  const joins = rest.map((query, i) => {
    const alias = sql.id(`t${i + 1}`);
    return sql`join (${query}) ${alias} on ${alias}.id = t0.id`;
  });
  return sql<{ id: number }>`select t0.id from (${first}) t0 ${sql.join(joins, sql` `)}`;
}

// One part of a term's recipes: a query of `id`, and whether it reads one key
// of one index (so each recipe once, in id order).
interface Part {
  readonly query: RawBuilder<{ id: number }>;
  readonly oneKey: boolean;
}

// A term's recipes: one word of the user's alone, or a query of their ids.
function recipesWith(userId: number, term: TermMatches): { readonly word: string } | { readonly query: RawBuilder<{ id: number }> } | undefined {
  const parts: Part[] = [];
  const [onlyWord, ...moreWords] = term.words;
  if (onlyWord !== undefined) {
    parts.push(moreWords.length === 0
      ? { query: wordRecipes(userId, onlyWord), oneKey: true }
      : { query: sql`select w.recipe_id as id from recipe_words w where w.user_id = ${userId} and w.word = any(${term.words}::text[])`, oneKey: false });
  }
  for (const kind of ['tags', 'ingredients'] as const) {
    if (term[kind].length > 0) parts.push({ query: linkedRecipes(userId, kind, term[kind]), oneKey: term[kind].length === 1 });
  }
  if (term.inDocuments) parts.push({ query: sql`select r.id from recipes r where r.user_id = ${userId} and r.search_document like ${term.pattern}`, oneKey: false });
  const [only, ...others] = parts;
  if (only === undefined) return undefined;
  if (others.length === 0 && onlyWord !== undefined && moreWords.length === 0) return { word: onlyWord };
  if (others.length === 0 && only.oneKey) return { query: only.query };
  // `union` makes them distinct (a recipe with `curry` and `curried`).
  return { query: sql<{ id: number }>`${sql.join(parts.map(({ query }) => sql`(${query})`), sql` union `)}` };
}

// Links point at the same user's recipes; the join to the user's recipes (an
// index-only scan) makes sure of it rather than trusting it.
function linkedRecipes(userId: number, kind: AttributeKind, ids: readonly string[]) {
  const { table, column } = links[kind];
  const [only, ...more] = ids;
  const key = more.length === 0 ? sql`= ${only}::bigint` : sql`= any(${ids}::bigint[])`;
  return sql<{ id: number }>`
    select l.recipe_id as id from ${sql.table(table)} l
    join recipes r on r.id = l.recipe_id and r.user_id = ${userId}
    where l.${sql.ref(column)} ${key}`;
}
