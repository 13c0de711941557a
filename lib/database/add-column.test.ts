// A migration that adds a column runs while instances are serving: their
// connections keep the statements they prepared, and a prepared `select *`
// would then fail with "cached plan must not change result type".
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { createDb, destroyDb, databaseUrl, type Executor } from './pool.ts';
import { createAuthenticatedUser } from '../testing/factories.ts';
import { createIngredient, createRecipe, createTag, linkIngredient, linkTag } from '../testing/recipe-factories.ts';
import * as attributes from '../repositories/recipe-attributes.ts';
import { queryRecipes } from '../repositories/recipe-search.ts';
import * as recipes from '../repositories/recipes.ts';
import * as tokens from '../repositories/tokens.ts';
import * as users from '../repositories/users.ts';

// Every table a prepared statement reads.
const tables = ['users', 'tokens', 'recipes', 'recipe_blocks', 'tags', 'ingredients', 'recipe_tags', 'recipe_ingredients'] as const;

/** Every statement prepared on purpose, and reads of whole rows that are not. */
async function readEverything(db: Executor, userId: number, key: string, recipeId: number, tagId: number, ingredientId: number) {
  return {
    tokenUser: await tokens.findTokenUser(db, key),
    recipe: await recipes.findRecipe(db, userId, recipeId),
    lists: [
      await recipes.listRecipes(db, userId),
      await recipes.listRecipes(db, userId, { tagIds: [String(tagId)] }),
      await recipes.listRecipes(db, userId, { ingredientIds: [String(ingredientId)] }),
      await recipes.listRecipes(db, userId, { tagIds: [String(tagId)], ingredientIds: [String(ingredientId)] }),
    ],
    page: await queryRecipes(db, userId, {}, { limit: 10, offset: 0 }),
    attributes: [
      await attributes.listAttributes(db, 'tags', userId, false),
      await attributes.listAttributes(db, 'tags', userId, true),
      await attributes.listAttributes(db, 'ingredients', userId, false),
      await attributes.listAttributes(db, 'ingredients', userId, true),
    ],
    user: (await users.findUserById(db, userId))?.email,
  };
}

it('a running pool keeps answering after a migration adds a column to each table it reads', async () => {
  const { user, token } = await createAuthenticatedUser();
  const recipe = await createRecipe(user.id);
  const tag = await createTag(user.id, 'Vegan');
  const ingredient = await createIngredient(user.id, 'Salt');
  await linkTag(recipe.id, tag.id);
  await linkIngredient(recipe.id, ingredient.id);
  // One connection, so the statements prepared before the change are the ones run after it.
  const db = createDb(databaseUrl(), { max: 1 });
  try {
    const before = await readEverything(db, user.id, token, recipe.id, tag.id, ingredient.id);
    expect(before.tokenUser?.id).toBe(user.id);
    expect(before.lists.map((list) => list.map(({ id }) => id))).toEqual([[recipe.id], [recipe.id], [recipe.id], [recipe.id]]);
    expect(before.page.count).toBe(1);
    for (const table of tables) await sql`alter table ${sql.table(table)} add column servings int`.execute(db);
    expect(await readEverything(db, user.id, token, recipe.id, tag.id, ingredient.id)).toEqual(before);
  } finally {
    await destroyDb(db);
  }
});
