// Recipes, tags and ingredients for tests, inserted directly so that a test
// of one route does not depend on another route working.
import type { Insertable, Selectable } from 'kysely';
import type { AttributesTable, RecipeRow, RecipesTable } from '../../db/schema.ts';
import { getDb } from '../database/pool.ts';

export type RecipeOverrides = Partial<Omit<Insertable<RecipesTable>, 'user_id'>>;
export type AttributeRow = Selectable<AttributesTable>;

export function createRecipe(userId: number, overrides: RecipeOverrides = {}): Promise<RecipeRow> {
  return getDb()
    .insertInto('recipes')
    .values({
      title: 'Sample recipe',
      time_minutes: 22,
      price: '5.25',
      link: 'http://example.com/recipe.pdf',
      description: 'Sample description',
      ...overrides,
      user_id: userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function createTag(userId: number, name: string): Promise<AttributeRow> {
  return getDb().insertInto('tags').values({ user_id: userId, name }).returningAll().executeTakeFirstOrThrow();
}

export function createIngredient(userId: number, name: string): Promise<AttributeRow> {
  return getDb().insertInto('ingredients').values({ user_id: userId, name }).returningAll().executeTakeFirstOrThrow();
}

export async function linkTag(recipeId: number, tagId: number): Promise<void> {
  await getDb().insertInto('recipe_tags').values({ recipe_id: recipeId, tag_id: tagId }).execute();
}

export async function linkIngredient(recipeId: number, ingredientId: number): Promise<void> {
  await getDb().insertInto('recipe_ingredients').values({ recipe_id: recipeId, ingredient_id: ingredientId }).execute();
}

/**
 * A recipe with tags Zeta and Alpha and ingredients Salt and Basil, each pair
 * linked against id order and its first row updated (an update moves a row to
 * the end of its table), so only an ORDER BY gives the id order.
 */
export async function createRecipeLinkedOutOfIdOrder(userId: number): Promise<{
  recipe: RecipeRow;
  zeta: AttributeRow;
  alpha: AttributeRow;
  salt: AttributeRow;
  basil: AttributeRow;
}> {
  const recipe = await createRecipe(userId);
  const zeta = await createTag(userId, 'Zeta');
  const alpha = await createTag(userId, 'Alpha');
  const salt = await createIngredient(userId, 'Salt');
  const basil = await createIngredient(userId, 'Basil');
  await getDb().updateTable('tags').set({ name: 'Zeta' }).where('id', '=', zeta.id).execute();
  await getDb().updateTable('ingredients').set({ name: 'Salt' }).where('id', '=', salt.id).execute();
  await linkTag(recipe.id, alpha.id);
  await linkTag(recipe.id, zeta.id);
  await linkIngredient(recipe.id, basil.id);
  await linkIngredient(recipe.id, salt.id);
  return { recipe, zeta, alpha, salt, basil };
}

/** A recipe as the database holds it now, with its tag and ingredient names (by id); undefined once deleted. */
export async function loadRecipe(id: number): Promise<(RecipeRow & { tags: string[]; ingredients: string[] }) | undefined> {
  const db = getDb();
  const recipe = await db.selectFrom('recipes').selectAll().where('id', '=', id).executeTakeFirst();
  if (recipe === undefined) return undefined;
  const tags = await db
    .selectFrom('recipe_tags')
    .innerJoin('tags', 'tags.id', 'recipe_tags.tag_id')
    .select('tags.name')
    .where('recipe_tags.recipe_id', '=', id)
    .orderBy('tags.id')
    .execute();
  const ingredients = await db
    .selectFrom('recipe_ingredients')
    .innerJoin('ingredients', 'ingredients.id', 'recipe_ingredients.ingredient_id')
    .select('ingredients.name')
    .where('recipe_ingredients.recipe_id', '=', id)
    .orderBy('ingredients.id')
    .execute();
  return { ...recipe, tags: tags.map(({ name }) => name), ingredients: ingredients.map(({ name }) => name) };
}

/** Row counts of the recipe tables, to check that a refused request wrote nothing. */
export async function countRows(): Promise<Record<'recipes' | 'tags' | 'ingredients' | 'recipe_tags' | 'recipe_ingredients', number>> {
  const db = getDb();
  const count = async (table: 'recipes' | 'tags' | 'ingredients' | 'recipe_tags' | 'recipe_ingredients') =>
    (await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow()).count;
  return {
    recipes: await count('recipes'),
    tags: await count('tags'),
    ingredients: await count('ingredients'),
    recipe_tags: await count('recipe_tags'),
    recipe_ingredients: await count('recipe_ingredients'),
  };
}

/** The names of a user's tags (or ingredients), sorted. */
export async function namesOf(table: 'tags' | 'ingredients', userId: number): Promise<string[]> {
  const rows = await getDb().selectFrom(table).select('name').where('user_id', '=', userId).orderBy('name').execute();
  return rows.map(({ name }) => name);
}
