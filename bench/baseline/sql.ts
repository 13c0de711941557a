// Our SQL, statement for statement, as the API sends it (captured from the
// API's pg client while it answered each bench case; the texts are the ones
// Kysely compiles in lib/repositories/*). Same texts, so the same named
// statements and the same plans.

export const selectOne = 'select 1';

/** $1, $2: the key's SHA-256 (lib/repositories/tokens.ts, tokenUser). */
export const tokenUser = `with "touched" as (update "tokens" set "last_used" = now() where "key_hash" = $1 and (last_used is null or last_used < now() - interval '1 minute') and (tokens.expires is null or tokens.expires > now()) returning "id") select "users"."id", "users"."email", "users"."name", "users"."is_active", "users"."is_staff", "users"."is_superuser" from "tokens" inner join "users" on "users"."id" = "tokens"."user_id" where "tokens"."key_hash" = $2 and (tokens.expires is null or tokens.expires > now())`;

const listColumns = `"recipes"."id", "recipes"."title", "recipes"."time_minutes", "recipes"."price", "recipes"."link"`;

/** $1 user (listRecipes, unfiltered). */
export const recipeList = `select ${listColumns} from "recipes" where "recipes"."user_id" = $1 order by "recipes"."id" desc`;

/** $1 user, $2 tag ids as text (listRecipes, byTags). */
export const recipeListByTags = `select ${listColumns} from "recipes" where "recipes"."user_id" = $1 and exists (select "recipe_tags"."tag_id" from "recipe_tags" where "recipe_tags"."recipe_id" = "recipes"."id" and "recipe_tags"."tag_id" = any($2::bigint[])) order by "recipes"."id" desc`;

/** $1 recipe ids, $2 user (withAttributes). */
export const tagsOfRecipes = `select "recipe_tags"."recipe_id", "tags"."id", "tags"."name" from "recipe_tags" inner join "tags" on "tags"."id" = "recipe_tags"."tag_id" where "recipe_tags"."recipe_id" = any($1::bigint[]) and "tags"."user_id" = $2 order by "tags"."id"`;
export const ingredientsOfRecipes = `select "recipe_ingredients"."recipe_id", "ingredients"."id", "ingredients"."name" from "recipe_ingredients" inner join "ingredients" on "ingredients"."id" = "recipe_ingredients"."ingredient_id" where "recipe_ingredients"."recipe_id" = any($1::bigint[]) and "ingredients"."user_id" = $2 order by "ingredients"."id"`;

/** $1 recipe, $2 user (findRecipe). */
export const recipeDetail = `select "recipes"."id", "recipes"."title", "recipes"."time_minutes", "recipes"."price", "recipes"."link", "recipes"."description", "recipes"."image", (select coalesce(json_agg(agg), '[]') from (select "tags"."id", "tags"."name" from "recipe_tags" inner join "tags" on "tags"."id" = "recipe_tags"."tag_id" where "recipe_tags"."recipe_id" = "recipes"."id" order by "tags"."id") as agg) as "tags", (select coalesce(json_agg(agg), '[]') from (select "ingredients"."id", "ingredients"."name" from "recipe_ingredients" inner join "ingredients" on "ingredients"."id" = "recipe_ingredients"."ingredient_id" where "recipe_ingredients"."recipe_id" = "recipes"."id" order by "ingredients"."id") as agg) as "ingredients" from "recipes" where "recipes"."id" = $1 and "recipes"."user_id" = $2`;

/** $1 user (listAttributes, tags, all). */
export const tagList = `select "id", "name" from "tags" where "user_id" = $1 order by name collate "und-x-icu" desc`;

/** $1 user, $2 offset, $3 user, $4 offset, $5 limit (newestPage). */
export const newestPage = `
    with block as (
      select lag(first_id) over newest_first as upper_id,
             sum(recipe_count) over newest_first - recipe_count as before,
             sum(recipe_count) over newest_first as through
      from recipe_blocks where user_id = $1
      window newest_first as (order by first_id desc rows unbounded preceding)
    ),
    start as (select upper_id, before from block where through > $2 order by through limit 1)
    select r.id, r.title, r.time_minutes, r.price, r.link
    from recipes r
    -- A scalar subquery, so the bound is an index condition (beyond the end: null, no rows).
    where r.user_id = $3 and r.id < (select coalesce(upper_id, 9223372036854775807) from start)
    order by r.id desc
    offset (select $4::int8 - before from start) limit $5`;

/** $1 user (countAll). */
export const countAll = `select coalesce(sum(recipe_count), 0)::int8 as "count" from "recipe_blocks" where "user_id" = $1`;

/** $1 user, $2 limit, $3 offset (queryRecipes, ordering=title). */
export const pageByTitle = `select ${listColumns} from "recipes" where "recipes"."user_id" = $1 order by recipes.title collate "und-x-icu" asc, "recipes"."id" asc limit $2 offset $3`;

/**
 * searchedPage for `words` words: per word, $n user-free pattern, then user
 * and pattern for tags, then for ingredients; then limit and offset. Values:
 * searchValues().
 */
export function searchedPage(words: number): string {
  const clauses = Array.from({ length: words }, (_, i) => {
    const p = 2 + i * 5;
    return ` and (recipes.search_document like search_text($${p}) or recipes.id = any(array(
        select l.recipe_id from "recipe_tags" l join "tags" a on a.id = l."tag_id"
        where a.user_id = $${p + 1} and search_text(a.name) like search_text($${p + 2}))) or recipes.id = any(array(
        select l.recipe_id from "recipe_ingredients" l join "ingredients" a on a.id = l."ingredient_id"
        where a.user_id = $${p + 3} and search_text(a.name) like search_text($${p + 4})))`;
  });
  const next = 2 + words * 5;
  return `with "match" as materialized (select ${listColumns} from "recipes" where "recipes"."user_id" = $1${clauses.join(')')})) select ${listColumns}, (select count(*) from match) as "full_count" from "match" as "recipes" order by "recipes"."id" desc limit $${next} offset $${next + 1}`;
}

export function searchValues(userId: number, patterns: readonly string[], limit: number, offset: number): unknown[] {
  return [userId, ...patterns.flatMap((pattern) => [pattern, userId, pattern, userId, pattern]), limit, offset];
}

// Logging in (lib/auth/login.ts, login-throttle.ts, repositories/users.ts, tokens.ts).
export const failuresByEmail = `select "failed_at" from "login_failures" where "email" = $1 and "failed_at" > $2 order by "failed_at" desc limit $3 offset $4`;
export const failuresByAddress = `select "failed_at" from "login_failures" where "address" = $1 and "failed_at" > $2 order by "failed_at" desc limit $3 offset $4`;
export const userByEmail = `select * from "users" where lower(email) = lower($1)`;
export const clearEmailFailures = `delete from "login_failures" where "email" = $1`;
export const recordLogin = `update "users" set "last_login" = $1 where "id" = $2`;
export const deleteExpiredTokens = `delete from "tokens" where "user_id" = $1 and "expires" <= now()`;
export const insertToken = `insert into "tokens" ("key_hash", "user_id", "name", "expires") values ($1, $2, $3, $4) returning "id", "name", "created", "last_used", "expires"`;

/** $1 user, $2-$6 fields, $7 user, $8 tag names (sorted, unique), $9 user, $10 ingredient names (createRecipe). */
export const createRecipe = `
    with recipe as (
      insert into recipes (user_id, title, time_minutes, price, link, description)
      values ($1, $2, $3, $4, $5, $6)
      returning id, title, time_minutes, price, link, description, image
    ),
    tag as (
    insert into "tags" (user_id, name)
    select $7, name from unnest($8::text[]) as name
    on conflict (user_id, name) do update set user_id = excluded.user_id
    returning id, name),
    tag_link as (insert into recipe_tags (recipe_id, tag_id) select recipe.id, tag.id from recipe, tag),
    ingredient as (
    insert into "ingredients" (user_id, name)
    select $9, name from unnest($10::text[]) as name
    on conflict (user_id, name) do update set user_id = excluded.user_id
    returning id, name),
    ingredient_link as (insert into recipe_ingredients (recipe_id, ingredient_id) select recipe.id, ingredient.id from recipe, ingredient)
    select recipe.*,
      (select coalesce(json_agg(json_build_object('id', id, 'name', name) order by id), '[]') from tag) as tags,
      (select coalesce(json_agg(json_build_object('id', id, 'name', name) order by id), '[]') from ingredient) as ingredients
    from recipe`;
