// The recipes repository. Every read is one query, the recipe's tags and
// ingredients included (as JSON arrays), however many recipes it returns.
import { type ExpressionBuilder, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../db/schema.ts';
import type { Executor } from './db.ts';
import { type Attribute, type AttributeKind, getOrCreateAttributes, replaceRecipeAttributes } from './recipe-attributes.ts';

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

/** The user's recipes, newest first, filtered in SQL. */
export function listRecipes(db: Executor, userId: number, filters: RecipeFilters = {}): Promise<RecipeListRow[]> {
  let query = db
    .selectFrom('recipes')
    .select(['recipes.id', 'recipes.title', 'recipes.time_minutes', 'recipes.price', 'recipes.link'])
    .select((eb) => [tagsOf(eb), ingredientsOf(eb)])
    .where('recipes.user_id', '=', userId);
  // "Any of these tags" as EXISTS, so a recipe with two of them still comes once.
  if (filters.tagIds !== undefined) {
    const ids = filters.tagIds;
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('recipe_tags').select('recipe_tags.tag_id').whereRef('recipe_tags.recipe_id', '=', 'recipes.id').where('recipe_tags.tag_id', '=', sql<number>`any(${ids}::bigint[])`)),
    );
  }
  if (filters.ingredientIds !== undefined) {
    const ids = filters.ingredientIds;
    query = query.where((eb) =>
      eb.exists(
        eb.selectFrom('recipe_ingredients')
          .select('recipe_ingredients.ingredient_id')
          .whereRef('recipe_ingredients.recipe_id', '=', 'recipes.id')
          .where('recipe_ingredients.ingredient_id', '=', sql<number>`any(${ids}::bigint[])`),
      ),
    );
  }
  return query.orderBy('recipes.id', 'desc').execute();
}

/** One of the user's recipes; undefined when there is none with this id or it is someone else's. */
export function findRecipe(db: Executor, userId: number, id: number): Promise<RecipeDetailRow | undefined> {
  return db
    .selectFrom('recipes')
    .select(['recipes.id', 'recipes.title', 'recipes.time_minutes', 'recipes.price', 'recipes.link', 'recipes.description', 'recipes.image'])
    .select((eb) => [tagsOf(eb), ingredientsOf(eb)])
    .where('recipes.id', '=', id)
    .where('recipes.user_id', '=', userId)
    .executeTakeFirst();
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

/** Creates a recipe with its tags and ingredients. Run it in a transaction: it writes several tables. */
export async function createRecipe(trx: Executor, userId: number, fields: RecipeFields): Promise<number> {
  const { id } = await trx
    .insertInto('recipes')
    .values({ user_id: userId, title: fields.title, time_minutes: fields.time_minutes, price: fields.price, link: fields.link, description: fields.description })
    .returning('id')
    .executeTakeFirstOrThrow();
  await setAttributes(trx, userId, id, fields);
  return id;
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
    const attributes = await getOrCreateAttributes(trx, kind, userId, given.map(({ name }) => name));
    await replaceRecipeAttributes(trx, kind, recipeId, attributes.map(({ id }) => id));
  }
}

/**
 * Points one of the user's recipes at a new image file; resolves to the path it
 * had before (null without one), or undefined when the user has no such recipe.
 * The row is locked (FOR UPDATE) until the caller's transaction ends, so that of
 * two uploads at once the second sees the first's file as the one it replaces,
 * and no file is left that nothing points to. Run it in a transaction.
 */
export async function setRecipeImage(trx: Executor, userId: number, id: number, image: string): Promise<{ previous: string | null } | undefined> {
  const row = await trx.selectFrom('recipes').select('image').where('id', '=', id).where('user_id', '=', userId).forUpdate().executeTakeFirst();
  if (row === undefined) return undefined;
  await trx.updateTable('recipes').set({ image, updated_at: sql`now()` }).where('id', '=', id).execute();
  return { previous: row.image };
}

/** Deletes one of the user's recipes; its image path (to remove the file), null without one, undefined when not found. */
export async function deleteRecipe(db: Executor, userId: number, id: number): Promise<{ image: string | null } | undefined> {
  return db.deleteFrom('recipes').where('id', '=', id).where('user_id', '=', userId).returning('image').executeTakeFirst();
}

/** A list item, in the contract's field order. */
export function toRecipeListJson(row: RecipeListRow) {
  return { id: row.id, title: row.title, time_minutes: row.time_minutes, price: row.price, link: row.link, tags: row.tags, ingredients: row.ingredients };
}

/** The detail view: the list item, then description and the image's absolute URL (or null). */
export function toRecipeDetailJson(row: RecipeDetailRow, imageUrl: (path: string) => string) {
  return { ...toRecipeListJson(row), description: row.description, image: row.image === null ? null : imageUrl(row.image) };
}
