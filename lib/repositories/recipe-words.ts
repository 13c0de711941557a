// Which of a user's recipes a search keeps, as ids read from indexes alone
// (the words of migration 0010 and the tag and ingredient links), so that a
// search can be counted without reading the recipes that match.
import { type RawBuilder, sql } from 'kysely';
import { type AttributeKind, links } from './recipe-attributes.ts';
import { containsPattern } from './search-pattern.ts';

/**
 * A query of one column, `id`: the user's recipes in which every one of
 * `terms` appears (any case, accents or not, any part of a word) in the
 * title, the description, or the name of one of their tags or ingredients.
 * Each term: the recipes having one of the user's words that contains it,
 * or a tag or ingredient whose name does; the terms' sets intersected.
 * Each recipe comes once.
 */
export function searchedRecipeIds(userId: number, terms: readonly [string, ...string[]]): RawBuilder<{ id: number }> {
  // `intersect` removes duplicates itself: with several terms, each term's
  // ids need not be made distinct first (a hash of thousands of ids fewer).
  const union = terms.length === 1 ? sql`union` : sql`union all`;
  return sql<{ id: number }>`${sql.join(terms.map((term) => sql`(${recipesWith(userId, term, union)})`), sql` intersect `)}`;
}

function recipesWith(userId: number, term: string, union: RawBuilder<unknown>) {
  const pattern = sql<string>`search_text(${containsPattern(term)})`;
  return sql`
    select w.recipe_id as id from recipe_words w
    where w.user_id = ${userId}
      and w.word = any(array(select v.word from user_words v where v.user_id = ${userId} and v.word like ${pattern}))
    ${union} ${namedRecipes(userId, 'tags', pattern)}
    ${union} ${namedRecipes(userId, 'ingredients', pattern)}
    ${union} ${documentRecipes(userId, pattern)}`;
}

// Links point at the same user's recipes; the join to the user's recipes (an
// index-only scan) makes sure of it rather than trusting it.
function namedRecipes(userId: number, kind: AttributeKind, pattern: RawBuilder<string>) {
  const { table, column } = links[kind];
  return sql`
    select l.recipe_id from ${sql.table(table)} l
    join ${sql.table(kind)} a on a.id = l.${sql.ref(column)}
    join recipes r on r.id = l.recipe_id and r.user_id = ${userId}
    where a.user_id = ${userId} and search_text(a.name) like ${pattern}`;
}

// The words hold what lies between white space: a term that search_text()
// turns into nothing, or into text with white space (unaccent writes `¼` as
// ` 1/4`), is looked for in the whole document instead. For every other term
// the condition is false when the statement is planned, and this part is
// never run.
function documentRecipes(userId: number, pattern: RawBuilder<string>) {
  return sql`
    select r.id from recipes r
    where ${pattern} !~ '^%[^[:space:]]+%$' and r.user_id = ${userId} and r.search_document like ${pattern}`;
}
