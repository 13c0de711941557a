// POST /api/user/token/ — log in: email and password for a new token.
// DELETE /api/user/token/ — revoke the token that authenticates the request.
import { z } from '@hono/zod-openapi';
import { loadConfig } from '../lib/config.ts';
import { getDb } from '../lib/database/pool.ts';
import { createFunctionApp, defineRoute } from '../lib/http/app.ts';
import { authenticated, requireUser } from '../lib/http/auth.ts';
import { readBody } from '../lib/http/body.ts';
import { clientAddress } from '../lib/http/client-address.ts';
import { validationError } from '../lib/http/errors.ts';
import { charField, emailField } from '../lib/http/fields.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { jsonResponse, noAuth, noContent, notAuthenticated, requestBody, responses, tokenAuth, validationFailed } from '../lib/http/openapi.ts';
import { throttled } from '../lib/http/throttle.ts';
import { passwordLimits } from '../lib/http/user-fields.ts';
import { validate } from '../lib/http/validation.ts';
import { logInForToken } from '../lib/auth/login.ts';
import * as tokens from '../lib/repositories/tokens.ts';

const app = createFunctionApp();

const Credentials = z
  .object({
    email: emailField({ maxLength: 320 }),
    // Over the maximum is refused here, before any hashing.
    password: charField({ maxLength: passwordLimits.maxLength, trim: false }).openapi({ format: 'password' }),
  })
  .openapi('Credentials');
const Token = z.object({ token: z.string().regex(/^[0-9a-f]{40}$/) }).openapi('Token');

defineRoute(
  app,
  {
    method: 'post',
    path: '/api/user/token/',
    tags: ['user'],
    operationId: 'user_token_create',
    summary: 'Log in: a new token for an email and password',
    security: noAuth,
    request: { body: requestBody(Credentials) },
    responses: responses(
      { 200: jsonResponse('A new token', Token), 400: validationFailed, 429: jsonResponse('Too many failed logins (Retry-After)') },
      { body: true, database: true },
    ),
  },
  async (c) => {
    const { email, password } = await validate(Credentials, await readBody(c));
    // TOKEN_TTL_DAYS: a login's token expires (unset: never, as the original's).
    const result = await logInForToken(getDb(), email, password, clientAddress(c), loadConfig().tokenTtlDays);
    if (result.outcome === 'throttled') throw throttled(result.retryAfterSeconds);
    if (result.outcome === 'refused') throw validationError({ non_field_errors: ['Unable to authenticate with provided credentials.'] });
    return c.json({ token: result.token.key });
  },
);

defineRoute(
  app,
  {
    method: 'delete',
    path: '/api/user/token/',
    tags: ['user'],
    operationId: 'user_token_destroy',
    summary: 'Log out: revoke the token used for this request',
    security: tokenAuth,
    responses: responses({ 204: noContent, 401: notAuthenticated }, { database: true }),
  },
  requireUser,
  async (c) => {
    await tokens.deleteToken(getDb(), authenticated(c).tokenKey);
    return c.body(null, 204);
  },
);

// npm run build sends this once (to a stand-in database) so that the code cache
// holds what a first request runs (lib/build/bundle.ts).
export const warmUpRequest = { method: 'POST', body: { email: 'warm-up@example.com', password: 'warm-up password' } } as const;

export default app;
export const handler = lambdaHandler(app);
