// GET /api/recipe/tags/ — the caller's tags, by name descending; ?assigned_only=1
// keeps those used by a recipe, ?search= and ?limit=&offset= as for recipes.
// Tags are made only through recipes. Tags and ingredients behave alike:
// what their routes share is in lib/http/attribute-routes.ts.
import { createFunctionApp, defineRoute } from '../lib/http/app.ts';
import { attributeList } from '../lib/http/attribute-routes.ts';
import { requireUser } from '../lib/http/auth.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { tokenAuth } from '../lib/http/openapi.ts';

const app = createFunctionApp();
const path = '/api/recipe/tags/';
app.use(path, requireUser);

const list = attributeList('tags');
defineRoute(
  app,
  {
    method: 'get',
    path,
    tags: ['tags'],
    operationId: 'recipe_tags_list',
    summary: "The caller's tags, by name descending; a page of them with ?limit=",
    security: tokenAuth,
    request: list.request,
    responses: list.responses,
  },
  list.handler,
);

export default app;
export const handler = lambdaHandler(app);
