// POST /api/user/create/ — sign up.
import { createFunctionApp, defineRoute } from '../lib/http/app.ts';
import { readBody } from '../lib/http/body.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { jsonResponse, noAuth, requestBody, responses, validationFailed } from '../lib/http/openapi.ts';
import { emailField } from '../lib/http/fields.ts';
import { UserInput, UserJson, userInput } from '../lib/http/user-fields.ts';
import { validate } from '../lib/http/validation.ts';
import { getDb } from '../lib/database/pool.ts';
import * as users from '../lib/repositories/users.ts';

const app = createFunctionApp();

// The email's uniqueness is left to the insert, where the unique index has
// the last word anyway (a race with another sign-up is a 400 too): a
// sign-up is one statement, not two. Only when another field is wrong is it
// checked beforehand, so that the 400 names it among the others, as DRF does.
const anyEmail = userInput().extend({ email: emailField({ maxLength: 255 }) });

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
    const body = await readBody(c);
    const input = await validate(anyEmail, body).catch(async (error: unknown) => {
      await validate(userInput(), body);
      throw error;
    });
    const user = await users.createUser(getDb(), input);
    return c.json(users.toUserJson(user), 201);
  },
);

// npm run build sends this once (to a stand-in database) so that the code cache
// holds what a first request runs (lib/build/bundle.ts).
export const warmUpRequest = { method: 'POST', body: { email: 'warm-up@example.com', password: 'warm-up password', name: 'Warm' } } as const;

export default app;
export const handler = lambdaHandler(app);
