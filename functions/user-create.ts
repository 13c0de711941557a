// POST /api/user/create/ — sign up.
import { createFunctionApp, defineRoute } from '../lib/http/app.ts';
import { readBody } from '../lib/http/body.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { jsonResponse, noAuth, requestBody, responses, validationFailed } from '../lib/http/openapi.ts';
import { UserInput, UserJson, userInput } from '../lib/http/user-fields.ts';
import { validate } from '../lib/http/validation.ts';
import { getDb } from '../lib/database/pool.ts';
import * as users from '../lib/repositories/users.ts';

const app = createFunctionApp();

defineRoute(
  app,
  {
    method: 'post',
    path: '/api/user/create/',
    tags: ['user'],
    operationId: 'user_create_create',
    summary: 'Create a user',
    security: noAuth,
    request: { body: requestBody(UserInput) },
    responses: responses({ 201: jsonResponse('Created', UserJson), 400: validationFailed }, { body: true, database: true }),
  },
  async (c) => {
    const input = await validate(userInput(), await readBody(c));
    // The unique index has the last word: a race with another sign-up is a 400 too.
    const user = await users.createUser(getDb(), input);
    return c.json(users.toUserJson(user), 201);
  },
);

// npm run build sends this once (against no database) so that the code cache
// holds what a first request runs (lib/build/bundle.ts).
export const warmUpRequest = { method: 'POST', body: { email: 'warm-up@example.com', password: 'warm-up password', name: 'Warm' } } as const;

export default app;
export const handler = lambdaHandler(app);
