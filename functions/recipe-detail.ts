// GET, PUT, PATCH, DELETE /api/recipe/recipes/{id}/ — one of the caller's
// recipes; another user's is a 404, as if it did not exist.
import { getDb } from '../lib/database/pool.ts';
import { createFunctionApp, defineRoute } from '../lib/http/app.ts';
import { authenticated, requireUser } from '../lib/http/auth.ts';
import { readBody } from '../lib/http/body.ts';
import { notFound } from '../lib/http/errors.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { mediaUrl } from '../lib/http/media-url.ts';
import { jsonResponse, noContent, notAuthenticated, requestBody, responses, tokenAuth, validationFailed } from '../lib/http/openapi.ts';
import { idParams, pathParams } from '../lib/http/params.ts';
import { RecipeDetail, RecipeInput, RecipePatch } from '../lib/http/recipe-fields.ts';
import { validate } from '../lib/http/validation.ts';
import { toRecipeDetailJson } from '../lib/repositories/recipe-model.ts';
import * as recipes from '../lib/repositories/recipes.ts';
import { removeMedia } from '../lib/media/storage.ts';

const app = createFunctionApp();
const path = '/api/recipe/recipes/{id}/';
app.use('/api/recipe/recipes/:id/', requireUser);

const described = {
  path,
  tags: ['recipe'],
  security: tokenAuth,
  request: { params: idParams },
};
const notYours = jsonResponse('No such recipe of yours');

defineRoute(
  app,
  {
    ...described,
    method: 'get',
    operationId: 'recipe_recipes_retrieve',
    summary: 'A recipe',
    responses: responses({ 200: jsonResponse('The recipe', RecipeDetail), 401: notAuthenticated, 404: notYours }, { database: true }),
  },
  async (c) => {
    const recipe = await recipes.findRecipe(getDb(), authenticated(c).user.id, pathParams(c).id);
    if (recipe === undefined) throw notFound();
    return c.json(toRecipeDetailJson(recipe, (image) => mediaUrl(c, image)));
  },
);

for (const method of ['put', 'patch'] as const) {
  const schema = method === 'put' ? RecipeInput : RecipePatch;
  defineRoute(
    app,
    {
      ...described,
      method,
      operationId: method === 'put' ? 'recipe_recipes_update' : 'recipe_recipes_partial_update',
      summary: method === 'put' ? 'Replace a recipe (absent optional fields stay)' : 'Change some fields of a recipe',
      request: { ...described.request, body: requestBody(schema) },
      responses: responses(
        { 200: jsonResponse('The recipe', RecipeDetail), 400: validationFailed, 401: notAuthenticated, 404: notYours },
        { body: true, database: true },
      ),
    },
    async (c) => {
      const userId = authenticated(c).user.id;
      const id = pathParams(c).id;
      // DRF's order: the lookup (404) before the body (400).
      if (!(await recipes.recipeExists(getDb(), userId, id))) throw notFound();
      const fields = await validate(schema, await readBody(c));
      const updated = await getDb()
        .transaction()
        .execute(async (trx) => ((await recipes.updateRecipe(trx, userId, id, fields)) ? recipes.findRecipe(trx, userId, id) : undefined));
      if (updated === undefined) throw notFound(); // deleted meanwhile
      return c.json(toRecipeDetailJson(updated, (image) => mediaUrl(c, image)));
    },
  );
}

defineRoute(
  app,
  {
    ...described,
    method: 'delete',
    operationId: 'recipe_recipes_destroy',
    summary: 'Delete a recipe',
    responses: responses({ 204: noContent, 401: notAuthenticated, 404: notYours }, { database: true }),
  },
  async (c) => {
    const deleted = await recipes.deleteRecipe(getDb(), authenticated(c).user.id, pathParams(c).id);
    if (deleted === undefined) throw notFound();
    // The file goes once the row that points to it is gone.
    if (deleted.image !== null) await removeMedia([deleted.image]);
    return c.body(null, 204);
  },
);

export default app;
export const handler = lambdaHandler(app);
