// GET /api/recipe/recipes/ — the caller's recipes, newest first, filterable;
// with ?limit= a page of them; ?search=, ?ordering= and more filters.
// POST /api/recipe/recipes/ — create one, with its tags and ingredients.
import { z } from '@hono/zod-openapi';
import { getDb } from '../lib/database/pool.ts';
import { createFunctionApp, defineRoute } from '../lib/http/app.ts';
import { authenticated, requireUser } from '../lib/http/auth.ts';
import { readBody } from '../lib/http/body.ts';
import { jsonArrayResponse } from '../lib/http/json-array-stream.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { mediaUrl } from '../lib/http/media-url.ts';
import { jsonResponse, notAuthenticated, requestBody, responses, tokenAuth, validationFailed } from '../lib/http/openapi.ts';
import { idListParam, maxPriceParam, maxTimeParam, orderingParam, pagingOf, pagingQuery, searchParam } from '../lib/http/list-params.ts';
import { pageJson, pageSchema } from '../lib/http/page.ts';
import { RecipeDetail, RecipeInput, RecipeListItem } from '../lib/http/recipe-fields.ts';
import { validateNow } from '../lib/http/validation.ts';
import { validationError } from '../lib/http/errors.ts';
import { orderingFields, queryRecipes } from '../lib/repositories/recipe-search.ts';
import { toRecipeDetailJson, toRecipeListJson } from '../lib/repositories/recipe-model.ts';
import * as recipes from '../lib/repositories/recipes.ts';

const app = createFunctionApp();
const path = '/api/recipe/recipes/';
app.use(path, requireUser);

const idList = (description: string) => idListParam.openapi({ type: 'string', description, example: '1,2' });

const ListQuery = z.object({
  tags: idList('Comma-separated ids (at most 100): recipes having any of these tags'),
  ingredients: idList('Comma-separated ids (at most 100): recipes having any of these ingredients'),
  tags_all: idList('Comma-separated ids (at most 100): recipes having all of these tags'),
  ingredients_all: idList('Comma-separated ids (at most 100): recipes having all of these ingredients'),
  max_time: maxTimeParam,
  max_price: maxPriceParam,
  search: searchParam.openapi({ description: 'Words that must each appear in the title, the description, a tag or an ingredient (any case, accents or not, part of a word)' }),
  ordering: orderingParam(orderingFields),
  ...pagingQuery,
});

defineRoute(
  app,
  {
    method: 'get',
    path,
    tags: ['recipe'],
    operationId: 'recipe_recipes_list',
    summary: "The caller's recipes, newest first; a page of them with ?limit=",
    security: tokenAuth,
    request: { query: ListQuery },
    responses: responses(
      {
        200: jsonResponse('Recipes: a list, or with ?limit= a page', z.union([z.array(RecipeListItem), pageSchema(RecipeListItem, 'RecipePage')])),
        400: validationFailed,
        401: notAuthenticated,
      },
      { database: true },
    ),
  },
  async (c) => {
    const q = validateNow(ListQuery, c.req.query());
    const paging = pagingOf(q);
    if (paging === 'offset without limit') throw validationError({ limit: ['Give limit with offset.'] });
    const userId = authenticated(c).user.id;
    const query = {
      tagIds: q.tags,
      ingredientIds: q.ingredients,
      allTagIds: q.tags_all,
      allIngredientIds: q.ingredients_all,
      maxTime: q.max_time,
      maxPrice: q.max_price,
      search: q.search,
      ordering: q.ordering,
    };
    if (paging !== undefined) {
      const { count, recipes: rows } = await queryRecipes(getDb(), userId, query, paging);
      return c.json(pageJson(c, paging, count, rows.map(toRecipeListJson)));
    }
    // Only the original's parameters: its list, by its prepared statements,
    // written out a batch at a time (json-array-stream.ts).
    const original = [q.tags_all, q.ingredients_all, q.max_time, q.max_price].every((value) => value === undefined) && !q.search?.length && !q.ordering?.length;
    if (original) {
      const batches = recipes.listRecipeBatches(getDb(), userId, { tagIds: q.tags, ingredientIds: q.ingredients });
      return jsonArrayResponse(c, batches, toRecipeListJson);
    }
    return c.json((await queryRecipes(getDb(), userId, query)).map(toRecipeListJson));
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
    const fields = validateNow(RecipeInput, await readBody(c));
    // One statement: a failure leaves no recipe, tag or link half-written.
    const created = await recipes.createRecipe(getDb(), user.id, fields);
    return c.json(toRecipeDetailJson(created, (image) => mediaUrl(c, image)), 201);
  },
);

export default app;
export const handler = lambdaHandler(app);
