// PUT, PATCH, DELETE /api/recipe/tags/{id}/ — rename or delete one of the
// caller's tags. No GET: the original has no detail view for them. Tags and
// ingredients behave alike: what their routes share is in
// lib/http/attribute-routes.ts.
import { createFunctionApp, defineRoute } from '../lib/http/app.ts';
import { attributeDelete, attributeRename } from '../lib/http/attribute-routes.ts';
import { requireUser } from '../lib/http/auth.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { tokenAuth } from '../lib/http/openapi.ts';
import { idParams } from '../lib/http/params.ts';

const app = createFunctionApp();
const path = '/api/recipe/tags/{id}/';
app.use('/api/recipe/tags/:id/', requireUser);
const described = { path, tags: ['tags'], security: tokenAuth };

const rename = attributeRename('tags', { partial: false });
defineRoute(
  app,
  { ...described, method: 'put', operationId: 'recipe_tags_update', summary: 'Rename', request: { params: idParams, body: rename.body }, responses: rename.responses },
  rename.handler,
);

const partialRename = attributeRename('tags', { partial: true });
defineRoute(
  app,
  {
    ...described,
    method: 'patch',
    operationId: 'recipe_tags_partial_update',
    summary: 'Rename',
    request: { params: idParams, body: partialRename.body },
    responses: partialRename.responses,
  },
  partialRename.handler,
);

const remove = attributeDelete('tags');
defineRoute(
  app,
  { ...described, method: 'delete', operationId: 'recipe_tags_destroy', summary: 'Delete (and remove from every recipe)', request: { params: idParams }, responses: remove.responses },
  remove.handler,
);

export default app;
export const handler = lambdaHandler(app);
