// PUT, PATCH, DELETE /api/recipe/ingredients/{id}/ — rename or delete one of the
// caller's ingredients. No GET: the original has no detail view for them. Tags and
// ingredients behave alike: what their routes share is in
// lib/http/attribute-routes.ts.
import { createFunctionApp, defineRoute } from '../lib/http/app.ts';
import { attributeDelete, attributeRename } from '../lib/http/attribute-routes.ts';
import { requireUser } from '../lib/http/auth.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { tokenAuth } from '../lib/http/openapi.ts';
import { idParams } from '../lib/http/params.ts';

const app = createFunctionApp();
const path = '/api/recipe/ingredients/{id}/';
app.use('/api/recipe/ingredients/:id/', requireUser);
const described = { path, tags: ['ingredients'], security: tokenAuth };

const rename = attributeRename('ingredients', { partial: false });
defineRoute(
  app,
  { ...described, method: 'put', operationId: 'recipe_ingredients_update', summary: 'Rename', request: { params: idParams, body: rename.body }, responses: rename.responses },
  rename.handler,
);

const partialRename = attributeRename('ingredients', { partial: true });
defineRoute(
  app,
  {
    ...described,
    method: 'patch',
    operationId: 'recipe_ingredients_partial_update',
    summary: 'Rename',
    request: { params: idParams, body: partialRename.body },
    responses: partialRename.responses,
  },
  partialRename.handler,
);

const remove = attributeDelete('ingredients');
defineRoute(
  app,
  { ...described, method: 'delete', operationId: 'recipe_ingredients_destroy', summary: 'Delete (and remove from every recipe)', request: { params: idParams }, responses: remove.responses },
  remove.handler,
);

export default app;
export const handler = lambdaHandler(app);
