// GET /api/recipe/tags/ — the caller's tags, by name descending; ?assigned_only=1
// keeps those used by a recipe, ?search= and ?limit=&offset= as for recipes.
// Tags are made only through recipes.
import { createFunctionApp } from '../lib/http/app.ts';
import { defineAttributeList } from '../lib/http/attribute-routes.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';

const app = createFunctionApp();
defineAttributeList(app, 'tags');

export default app;
export const handler = lambdaHandler(app);
