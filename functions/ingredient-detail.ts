// PUT, PATCH, DELETE /api/recipe/ingredients/{id}/ — rename or delete one of the
// caller's ingredients. No GET: the original has no detail view for them.
import { createFunctionApp } from '../lib/http/app.ts';
import { defineAttributeDetail } from '../lib/http/attribute-routes.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';

const app = createFunctionApp();
defineAttributeDetail(app, 'ingredients');

export default app;
export const handler = lambdaHandler(app);
