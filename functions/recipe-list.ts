// GET /api/recipe/recipes/ — the caller's recipes, newest first, filterable.
// POST /api/recipe/recipes/ — create one, with its tags and ingredients.
import { z } from '@hono/zod-openapi';
import { getDb } from '../lib/db.ts';
import { createFunctionApp, defineRoute } from '../lib/http/app.ts';
import { authenticated, requireUser } from '../lib/http/auth.ts';
import { readBody } from '../lib/http/body.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { mediaUrl } from '../lib/http/media-url.ts';
import { jsonResponse, notAuthenticated, requestBody, responses, tokenAuth, validationFailed } from '../lib/http/openapi.ts';
import { idListQuery } from '../lib/http/params.ts';
import { RecipeDetail, RecipeInput, RecipeListItem } from '../lib/http/recipe-fields.ts';
import { validate } from '../lib/http/validation.ts';
import * as recipes from '../lib/recipes.ts';

const app = createFunctionApp();
const path = '/api/recipe/recipes/';
app.use(path, requireUser);

const idList = z.string().optional().openapi({ description: 'Comma-separated ids (at most 100): recipes having any of them', example: '1,2' });

defineRoute(
  app,
  {
    method: 'get',
    path,
    tags: ['recipe'],
    operationId: 'recipe_recipes_list',
    summary: "The caller's recipes, newest first",
    security: tokenAuth,
    request: { query: z.object({ tags: idList, ingredients: idList }) },
    responses: responses({ 200: jsonResponse('Recipes', z.array(RecipeListItem)), 400: validationFailed, 401: notAuthenticated }, { database: true }),
  },
  async (c) => {
    const filters = { tagIds: idListQuery(c, 'tags'), ingredientIds: idListQuery(c, 'ingredients') };
    const rows = await recipes.listRecipes(getDb(), authenticated(c).user.id, filters);
    return c.json(rows.map(recipes.toRecipeListJson));
  },
);

defineRoute(
  app,
  {
    method: 'post',
    path,
    tags: ['recipe'],
    operationId: 'recipe_recipes_create',
    summary: 'Create a recipe; tags and ingredients are found or made by name',
    security: tokenAuth,
    request: { body: requestBody(RecipeInput) },
    responses: responses({ 201: jsonResponse('Created', RecipeDetail), 400: validationFailed, 401: notAuthenticated }, { body: true, database: true }),
  },
  async (c) => {
    const { user } = authenticated(c);
    const fields = await validate(RecipeInput, await readBody(c));
    // One statement: a failure leaves no recipe, tag or link half-written.
    const created = await recipes.createRecipe(getDb(), user.id, fields);
    return c.json(recipes.toRecipeDetailJson(created, (image) => mediaUrl(c, image)), 201);
  },
);

export default app;
export const handler = lambdaHandler(app);
