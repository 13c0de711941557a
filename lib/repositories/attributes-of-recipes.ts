// A recipe's tags and ingredients as reads return them, ordered by id. Two
// ways, on purpose:
// - one recipe (a read of it, the admin's edit page) as JSON arrays inside
//   its own statement: one round trip (a create returns them as JSON arrays
//   too, built from the rows its statement made, which a subquery of that
//   statement cannot see yet: recipes.ts);
// - a page of recipes with two queries for the whole page, however many
//   recipes it has: per-recipe subqueries made PostgreSQL hash the user's
//   ingredients again for every row, 2-3 times slower for 50 recipes.
import type { ExpressionBuilder } from 'kysely';
import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../../db/schema.ts';
import type { Executor } from '../database/pool.ts';
import { type Placeholders, preparedQuery } from '../database/prepared-query.ts';
import type { Attribute } from './recipe-attributes.ts';
import type { RecipeAttributes } from './recipe-model.ts';

/** The recipe's tags and ingredients, as two columns of its select list. */
export function attributesOf(eb: ExpressionBuilder<Database, 'recipes'>) {
  return [
    jsonArrayFrom(
      eb
        .selectFrom('recipe_tags')
        .innerJoin('tags', 'tags.id', 'recipe_tags.tag_id')
        .select(['tags.id', 'tags.name'])
        .whereRef('recipe_tags.recipe_id', '=', 'recipes.id')
        .orderBy('tags.id'),
    ).as('tags'),
    jsonArrayFrom(
      eb
        .selectFrom('recipe_ingredients')
        .innerJoin('ingredients', 'ingredients.id', 'recipe_ingredients.ingredient_id')
        .select(['ingredients.id', 'ingredients.name'])
        .whereRef('recipe_ingredients.recipe_id', '=', 'recipes.id')
        .orderBy('ingredients.id'),
    ).as('ingredients'),
  ];
}

// Run by every list: built once (prepared-query.ts).
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

/** The user's recipes' tags and ingredients, added to each row. */
export async function withAttributes<Row extends { id: number }>(db: Executor, userId: number, rows: Row[]): Promise<(Row & RecipeAttributes)[]> {
  const recipeIds = rows.map(({ id }) => id);
  if (recipeIds.length === 0) return [];
  const [tags, ingredients] = await Promise.all([tagsOfRecipes(db, { userId, recipeIds }), ingredientsOfRecipes(db, { userId, recipeIds })]);
  const byRecipe = new Map(rows.map((row) => [row.id, { ...row, tags: [] as Attribute[], ingredients: [] as Attribute[] }]));
  for (const { recipe_id, id, name } of tags) byRecipe.get(recipe_id)?.tags.push({ id, name });
  for (const { recipe_id, id, name } of ingredients) byRecipe.get(recipe_id)?.ingredients.push({ id, name });
  return [...byRecipe.values()];
}
