// PUT, PATCH, DELETE /api/recipe/tags/{id}/ — rename or delete one of the
// caller's tags. No GET: the original has no detail view for them.
import { createFunctionApp } from '../lib/http/app.ts';
import { defineAttributeDetail } from '../lib/http/attribute-routes.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';

const app = createFunctionApp();
defineAttributeDetail(app, 'tags');

export default app;
export const handler = lambdaHandler(app);
