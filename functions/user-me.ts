// GET, PUT, PATCH /api/user/me/ — the authenticated user's own account. A new
// password revokes the user's other tokens.
import { getDb } from '../lib/database/pool.ts';
import { createFunctionApp, defineRoute } from '../lib/http/app.ts';
import { authenticated, requireUser } from '../lib/http/auth.ts';
import { readBody } from '../lib/http/body.ts';
import { notFound } from '../lib/http/errors.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { jsonResponse, notAuthenticated, requestBody, responses, tokenAuth, validationFailed } from '../lib/http/openapi.ts';
import { partialUserInput, UserInput, UserJson, userInput } from '../lib/http/user-fields.ts';
import { validate } from '../lib/http/validation.ts';
import * as tokens from '../lib/repositories/tokens.ts';
import * as users from '../lib/repositories/users.ts';

const app = createFunctionApp();
const path = '/api/user/me/';

// Every method, the undeclared ones included: DRF authenticates before it
// answers 405.
app.use(path, requireUser);

const described = { path, tags: ['user'], security: tokenAuth };

defineRoute(
  app,
  {
    ...described,
    method: 'get',
    operationId: 'user_me_retrieve',
    summary: 'The authenticated user',
    responses: responses({ 200: jsonResponse('The user', UserJson), 401: notAuthenticated }, { database: true }),
  },
  (c) => c.json(users.toUserJson(authenticated(c).user)),
);

for (const method of ['put', 'patch'] as const) {
  defineRoute(
    app,
    {
      ...described,
      method,
      operationId: method === 'put' ? 'user_me_update' : 'user_me_partial_update',
      summary: method === 'put' ? 'Replace email, name and password' : 'Change any of email, name and password',
      request: { body: requestBody(method === 'put' ? UserInput : UserInput.partial()) },
      responses: responses(
        { 200: jsonResponse('The updated user', UserJson), 400: validationFailed, 401: notAuthenticated, 404: jsonResponse('The user was deleted meanwhile') },
        { body: true, database: true },
      ),
    },
    async (c) => {
      const { user, tokenKey } = authenticated(c);
      const schema = method === 'put' ? userInput(user.id) : partialUserInput(user.id);
      const changes = await validate(schema, await readBody(c));
      // A new password revokes every other token (a stolen one stops working),
      // in the same transaction: never a new password with the old tokens alive.
      const updated = await getDb().transaction().execute(async (trx) => {
        const changed = await users.updateUser(trx, user.id, changes);
        if (changed !== undefined && changes.password !== undefined) await tokens.deleteOtherTokens(trx, user.id, tokenKey);
        return changed;
      });
      // Deleted between authentication and now.
      if (updated === undefined) throw notFound();
      return c.json(users.toUserJson(updated));
    },
  );
}

export default app;
export const handler = lambdaHandler(app);
