// GET /api/recipe/ingredients/ — the caller's ingredients, by name descending; ?assigned_only=1
// keeps those used by a recipe, ?search= and ?limit=&offset= as for recipes.
// Ingredients are made only through recipes.
import { createFunctionApp } from '../lib/http/app.ts';
import { defineAttributeList } from '../lib/http/attribute-routes.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';

const app = createFunctionApp();
defineAttributeList(app, 'ingredients');

export default app;
export const handler = lambdaHandler(app);
