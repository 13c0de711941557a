// The recipes repository. Reads cost a fixed number of queries, the recipes'
// tags and ingredients included, however many recipes they return.
import { type ExpressionBuilder, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../../db/schema.ts';
import type { Executor } from '../database/pool.ts';
import { readPage } from './paging.ts';
import { type Placeholders, preparedQuery } from '../database/prepared-query.ts';
import { type Attribute, type AttributeKind, getOrCreateAttributes, setRecipeAttributes } from './recipe-attributes.ts';
import { containsPattern } from './search-pattern.ts';

export interface RecipeListRow {
  id: number;
  title: string;
  time_minutes: number;
  /** numeric(5,2) as text: "5.50". */
  price: string;
  link: string;
  tags: Attribute[];
  ingredients: Attribute[];
}

export interface RecipeDetailRow extends RecipeListRow {
  description: string;
  /** Path under the media root, or null. */
  image: string | null;
}

export interface RecipeFilters {
  /** Recipes with any of these tags (ids as decimal text, within int8); [] matches nothing, undefined does not filter. */
  readonly tagIds?: readonly string[];
  readonly ingredientIds?: readonly string[];
}

// A single recipe reads its lists through correlated subqueries: one
// statement, one round trip.
function tagsOf(eb: ExpressionBuilder<Database, 'recipes'>) {
  return jsonArrayFrom(
    eb
      .selectFrom('recipe_tags')
      .innerJoin('tags', 'tags.id', 'recipe_tags.tag_id')
      .select(['tags.id', 'tags.name'])
      .whereRef('recipe_tags.recipe_id', '=', 'recipes.id')
      .orderBy('tags.id'),
  ).as('tags');
}

function ingredientsOf(eb: ExpressionBuilder<Database, 'recipes'>) {
  return jsonArrayFrom(
    eb
      .selectFrom('recipe_ingredients')
      .innerJoin('ingredients', 'ingredients.id', 'recipe_ingredients.ingredient_id')
      .select(['ingredients.id', 'ingredients.name'])
      .whereRef('recipe_ingredients.recipe_id', '=', 'recipes.id')
      .orderBy('ingredients.id'),
  ).as('ingredients');
}

// A list's tags and ingredients: two queries for the whole page, however many
// recipes it has. (Per-recipe subqueries made PostgreSQL hash the user's
// ingredients again for every row: 2-3 times slower for 50 recipes.) Run by
// every list: built once (prepared-query.ts), like the page's four shapes below.
const tagsOfRecipes = preparedQuery('tags_of_recipes', (db, p: Placeholders<{ userId: number; recipeIds: number[] }>) =>
  db
    .selectFrom('recipe_tags')
    .innerJoin('tags', 'tags.id', 'recipe_tags.tag_id')
    .select(['recipe_tags.recipe_id', 'tags.id', 'tags.name'])
    .where('recipe_tags.recipe_id', '=', sql<number>`any(${p.recipeIds}::bigint[])`)
    .where('tags.user_id', '=', p.userId)
    .orderBy('tags.id'),
);

const ingredientsOfRecipes = preparedQuery('ingredients_of_recipes', (db, p: Placeholders<{ userId: number; recipeIds: number[] }>) =>
  db
    .selectFrom('recipe_ingredients')
    .innerJoin('ingredients', 'ingredients.id', 'recipe_ingredients.ingredient_id')
    .select(['recipe_ingredients.recipe_id', 'ingredients.id', 'ingredients.name'])
    .where('recipe_ingredients.recipe_id', '=', sql<number>`any(${p.recipeIds}::bigint[])`)
    .where('ingredients.user_id', '=', p.userId)
    .orderBy('ingredients.id'),
);

/** The recipes' tags and ingredients, added to each row (for recipe-search.ts too). */
export async function withAttributes<Row extends { id: number }>(db: Executor, userId: number, rows: Row[]): Promise<(Row & { tags: Attribute[]; ingredients: Attribute[] })[]> {
  const recipeIds = rows.map(({ id }) => id);
  if (recipeIds.length === 0) return [];
  const [tags, ingredients] = await Promise.all([tagsOfRecipes(db, { userId, recipeIds }), ingredientsOfRecipes(db, { userId, recipeIds })]);
  const byRecipe = new Map(rows.map((row) => [row.id, { ...row, tags: [] as Attribute[], ingredients: [] as Attribute[] }]));
  for (const { recipe_id, id, name } of tags) byRecipe.get(recipe_id)?.tags.push({ id, name });
  for (const { recipe_id, id, name } of ingredients) byRecipe.get(recipe_id)?.ingredients.push({ id, name });
  return [...byRecipe.values()];
}

interface PageParams {
  userId: number;
  /** Ids as decimal text (RecipeFilters). */
  tagIds: readonly string[];
  ingredientIds: readonly string[];
}

/**
 * The page of a list: the user's recipes, newest first, with or without each
 * filter. One statement per combination, each planned for its own shape (a
 * filter that a null parameter switches off would leave PostgreSQL one
 * generic plan with every filter in it).
 */
function recipePage(name: string, filterTags: boolean, filterIngredients: boolean) {
  return preparedQuery(name, (db, p: Placeholders<PageParams>) => {
    let query = db
      .selectFrom('recipes')
      .select(['recipes.id', 'recipes.title', 'recipes.time_minutes', 'recipes.price', 'recipes.link'])
      .where('recipes.user_id', '=', p.userId);
    // "Any of these tags" as EXISTS, so a recipe with two of them still comes once.
    if (filterTags) {
      query = query.where((eb) =>
        eb.exists(
          eb.selectFrom('recipe_tags')
            .select('recipe_tags.tag_id')
            .whereRef('recipe_tags.recipe_id', '=', 'recipes.id')
            .where('recipe_tags.tag_id', '=', sql<number>`any(${p.tagIds}::bigint[])`),
        ),
      );
    }
    if (filterIngredients) {
      query = query.where((eb) =>
        eb.exists(
          eb.selectFrom('recipe_ingredients')
            .select('recipe_ingredients.ingredient_id')
            .whereRef('recipe_ingredients.recipe_id', '=', 'recipes.id')
            .where('recipe_ingredients.ingredient_id', '=', sql<number>`any(${p.ingredientIds}::bigint[])`),
        ),
      );
    }
    return query.orderBy('recipes.id', 'desc');
  });
}

const recipePages = {
  unfiltered: recipePage('recipe_page', false, false),
  byTags: recipePage('recipe_page_by_tags', true, false),
  byIngredients: recipePage('recipe_page_by_ingredients', false, true),
  byBoth: recipePage('recipe_page_by_tags_and_ingredients', true, true),
};

/** The user's recipes, newest first, filtered in SQL. */
export async function listRecipes(db: Executor, userId: number, filters: RecipeFilters = {}): Promise<RecipeListRow[]> {
  const { tagIds, ingredientIds } = filters;
  const page =
    tagIds === undefined
      ? ingredientIds === undefined ? recipePages.unfiltered : recipePages.byIngredients
      : ingredientIds === undefined ? recipePages.byTags : recipePages.byBoth;
  const rows = await page(db, { userId, tagIds: tagIds ?? [], ingredientIds: ingredientIds ?? [] });
  return withAttributes(db, userId, rows);
}

// Run by every read of one recipe: built once (prepared-query.ts).
const recipeOfUser = preparedQuery('recipe_detail', (db, p: Placeholders<{ userId: number; id: number }>) =>
  db
    .selectFrom('recipes')
    .select(['recipes.id', 'recipes.title', 'recipes.time_minutes', 'recipes.price', 'recipes.link', 'recipes.description', 'recipes.image'])
    .select((eb) => [tagsOf(eb), ingredientsOf(eb)])
    .where('recipes.id', '=', p.id)
    .where('recipes.user_id', '=', p.userId),
);

/** One of the user's recipes; undefined when there is none with this id or it is someone else's. */
export async function findRecipe(db: Executor, userId: number, id: number): Promise<RecipeDetailRow | undefined> {
  const [recipe] = await recipeOfUser(db, { userId, id });
  return recipe;
}

/** Whether the user has a recipe with this id (a cheap lookup before reading a body). */
export async function recipeExists(db: Executor, userId: number, id: number): Promise<boolean> {
  const row = await db.selectFrom('recipes').select('id').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}

export interface RecipeFields {
  readonly title: string;
  readonly time_minutes: number;
  /** Decimal text with two places. */
  readonly price: string;
  readonly link?: string;
  readonly description?: string;
  /** Names; get-or-create among the user's own. Absent: unchanged. */
  readonly tags?: readonly { name: string }[];
  readonly ingredients?: readonly { name: string }[];
}

/**
 * Creates a recipe with its tags and ingredients (found or made by name, see
 * getOrCreateAttributes) and returns it as findRecipe would: one statement,
 * so one round trip, and atomic without a transaction around it.
 */
export async function createRecipe(db: Executor, userId: number, fields: RecipeFields): Promise<RecipeDetailRow> {
  const names = (kind: AttributeKind) => (fields[kind] ?? []).map(({ name }) => name);
  const { rows } = await sql<RecipeDetailRow>`
    with recipe as (
      insert into recipes (user_id, title, time_minutes, price, link, description)
      values (${userId}, ${fields.title}, ${fields.time_minutes}, ${fields.price}, ${fields.link ?? ''}, ${fields.description ?? ''})
      returning id, title, time_minutes, price, link, description, image
    ),
    tag as (${getOrCreateAttributes('tags', userId, names('tags'))}),
    tag_link as (insert into recipe_tags (recipe_id, tag_id) select recipe.id, tag.id from recipe, tag),
    ingredient as (${getOrCreateAttributes('ingredients', userId, names('ingredients'))}),
    ingredient_link as (insert into recipe_ingredients (recipe_id, ingredient_id) select recipe.id, ingredient.id from recipe, ingredient)
    select recipe.*,
      (select coalesce(json_agg(json_build_object('id', id, 'name', name) order by id), '[]') from tag) as tags,
      (select coalesce(json_agg(json_build_object('id', id, 'name', name) order by id), '[]') from ingredient) as ingredients
    from recipe`.execute(db);
  const created = rows[0];
  if (created === undefined) throw new Error('INSERT … RETURNING returned no row');
  return created;
}

/** Changes the given fields; a given list of tags (ingredients) replaces the recipe's. False when not the user's. */
export async function updateRecipe(trx: Executor, userId: number, id: number, fields: Partial<RecipeFields>): Promise<boolean> {
  const updated = await trx
    .updateTable('recipes')
    .set({
      title: fields.title,
      time_minutes: fields.time_minutes,
      price: fields.price,
      link: fields.link,
      description: fields.description,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning('id')
    .executeTakeFirst();
  if (updated === undefined) return false;
  await setAttributes(trx, userId, id, fields);
  return true;
}

async function setAttributes(trx: Executor, userId: number, recipeId: number, fields: Partial<RecipeFields>): Promise<void> {
  for (const kind of ['tags', 'ingredients'] as const satisfies readonly AttributeKind[]) {
    const given = fields[kind];
    if (given === undefined) continue;
    await setRecipeAttributes(trx, kind, userId, recipeId, given.map(({ name }) => name));
  }
}

/**
 * Points one of the user's recipes at a new image file (null: none); resolves to the path it
 * had before (null without one), or undefined when the user has no such recipe.
 * The row is locked (FOR UPDATE) until the caller's transaction ends, so that of
 * two uploads at once the second sees the first's file as the one it replaces,
 * and no file is left that nothing points to. Run it in a transaction.
 */
export async function setRecipeImage(trx: Executor, userId: number, id: number, image: string | null): Promise<{ previous: string | null } | undefined> {
  const row = await trx.selectFrom('recipes').select('image').where('id', '=', id).where('user_id', '=', userId).forUpdate().executeTakeFirst();
  if (row === undefined) return undefined;
  await trx.updateTable('recipes').set({ image, updated_at: sql`now()` }).where('id', '=', id).execute();
  return { previous: row.image };
}

/** Deletes one of the user's recipes; its image path (to remove the file), null without one, undefined when not found. */
export async function deleteRecipe(db: Executor, userId: number, id: number): Promise<{ image: string | null } | undefined> {
  return db.deleteFrom('recipes').where('id', '=', id).where('user_id', '=', userId).returning('image').executeTakeFirst();
}

/** A row of the admin's list of every user's recipes. */
export interface OwnedRecipeRow {
  id: number;
  title: string;
  time_minutes: number;
  price: string;
  user_id: number;
  owner_email: string;
}

export interface OwnedRecipePage {
  readonly recipes: OwnedRecipeRow[];
  readonly hasNext: boolean;
}

/** The columns the admin's list of recipes sorts by. */
export const recipeSortColumns = ['title', 'owner', 'price', 'time_minutes'] as const;

export interface AllRecipesQuery {
  /** Part of the title or of the owner's email, in any case ('' for all). */
  readonly search: string;
  readonly ownerId?: number;
  /** By id when absent. */
  readonly sort?: { readonly column: (typeof recipeSortColumns)[number]; readonly descending: boolean };
}

/** Every user's recipes, `perPage` at a time, searched, filtered by owner and sorted (then by id). */
export async function listAllRecipes(db: Executor, { search, ownerId, sort }: AllRecipesQuery, page: number, perPage: number): Promise<OwnedRecipePage> {
  let query = db
    .selectFrom('recipes')
    .innerJoin('users', 'users.id', 'recipes.user_id')
    .select(['recipes.id', 'recipes.title', 'recipes.time_minutes', 'recipes.price', 'recipes.user_id', 'users.email as owner_email']);
  if (search !== '') {
    const pattern = containsPattern(search);
    query = query.where((eb) => eb.or([eb('recipes.title', 'ilike', pattern), eb('users.email', 'ilike', pattern)]));
  }
  if (ownerId !== undefined) query = query.where('recipes.user_id', '=', ownerId);
  if (sort !== undefined) {
    const column = sort.column === 'owner' ? 'users.email' : (`recipes.${sort.column}` as const);
    query = query.orderBy(column, sort.descending ? 'desc' : 'asc');
  }
  const { rows, hasNext } = await readPage(query.orderBy('recipes.id'), page, perPage);
  return { recipes: rows, hasNext };
}

/** Those of these recipes that exist, with owner and image (what "Delete selected" shows before it deletes). */
// `= any($1)`: one parameter whatever the count (`in (...)` takes one per id, and
// the protocol counts them in 16 bits), so one statement shape for every list.
export function findAnyRecipes(db: Executor, ids: readonly number[]): Promise<(OwnedRecipeRow & { image: string | null })[]> {
  return db
    .selectFrom('recipes')
    .innerJoin('users', 'users.id', 'recipes.user_id')
    .select(['recipes.id', 'recipes.title', 'recipes.time_minutes', 'recipes.price', 'recipes.user_id', 'users.email as owner_email', 'recipes.image'])
    .where('recipes.id', '=', sql<number>`any(${ids}::bigint[])`)
    .orderBy('recipes.id')
    .execute();
}

/** Deletes any users' recipes by id; resolves to their image paths (to remove the files once committed). */
export async function deleteAnyRecipes(db: Executor, ids: readonly number[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.deleteFrom('recipes').where('id', '=', sql<number>`any(${ids}::bigint[])`).returning('image').execute();
  return rows.flatMap(({ image }) => (image === null ? [] : [image]));
}

/** Gives a recipe to another user (the admin's owner field); its tags and ingredients are then set as that user's. */
export async function changeRecipeOwner(db: Executor, id: number, userId: number): Promise<void> {
  await db.updateTable('recipes').set({ user_id: userId, updated_at: sql`now()` }).where('id', '=', id).execute();
}

export interface OwnedRecipeDetail extends RecipeDetailRow {
  user_id: number;
  owner_email: string;
}

/**
 * Any user's recipe, with its owner (the admin's edit page); undefined when
 * there is none. Changing or deleting it then goes through updateRecipe and
 * deleteRecipe with the owner's id, so the admin writes as the owner would.
 */
export function findAnyRecipe(db: Executor, id: number): Promise<OwnedRecipeDetail | undefined> {
  return db
    .selectFrom('recipes')
    .innerJoin('users', 'users.id', 'recipes.user_id')
    .select(['recipes.id', 'recipes.title', 'recipes.time_minutes', 'recipes.price', 'recipes.link', 'recipes.description', 'recipes.image', 'recipes.user_id', 'users.email as owner_email'])
    .select((eb) => [tagsOf(eb), ingredientsOf(eb)])
    .where('recipes.id', '=', id)
    .executeTakeFirst();
}

/** A list item, in the contract's field order. */
export function toRecipeListJson(row: RecipeListRow) {
  return { id: row.id, title: row.title, time_minutes: row.time_minutes, price: row.price, link: row.link, tags: row.tags, ingredients: row.ingredients };
}

/** The detail view: the list item, then description and the image's absolute URL (or null). */
export function toRecipeDetailJson(row: RecipeDetailRow, imageUrl: (path: string) => string) {
  return { ...toRecipeListJson(row), description: row.description, image: row.image === null ? null : imageUrl(row.image) };
}
