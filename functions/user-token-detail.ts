// DELETE /api/user/tokens/{id}/ — revoke one of the caller's tokens (the one
// this request uses included).
import { getDb } from '../lib/database/pool.ts';
import { createFunctionApp, defineRoute } from '../lib/http/app.ts';
import { authenticated, requireUser } from '../lib/http/auth.ts';
import { notFound } from '../lib/http/errors.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { jsonResponse, noContent, notAuthenticated, responses, tokenAuth } from '../lib/http/openapi.ts';
import { idParams, pathParams } from '../lib/http/params.ts';
import * as tokens from '../lib/repositories/tokens.ts';

const app = createFunctionApp();
app.use('/api/user/tokens/:id/', requireUser);

defineRoute(
  app,
  {
    method: 'delete',
    path: '/api/user/tokens/{id}/',
    operationId: 'user_tokens_destroy',
    tags: ['user'],
    summary: 'Revoke one of your tokens',
    security: tokenAuth,
    request: { params: idParams },
    responses: responses({ 204: noContent, 401: notAuthenticated, 404: jsonResponse('No such token of yours') }, { database: true }),
  },
  async (c) => {
    if (!(await tokens.deleteTokenById(getDb(), authenticated(c).user.id, pathParams(c).id))) throw notFound();
    return c.body(null, 204);
  },
);

export default app;
export const handler = lambdaHandler(app);
