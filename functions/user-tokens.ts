// GET /api/user/tokens/ — the caller's tokens (never their keys), newest first.
// POST /api/user/tokens/ — make a named token; its key is shown this once.
import { z } from '@hono/zod-openapi';
import { loadConfig } from '../lib/config.ts';
import { getDb } from '../lib/database/pool.ts';
import { createFunctionApp, defineRoute } from '../lib/http/app.ts';
import { authenticated, requireUser } from '../lib/http/auth.ts';
import { readBody } from '../lib/http/body.ts';
import { validationError } from '../lib/http/errors.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { jsonResponse, notAuthenticated, requestBody, responses, tokenAuth, validationFailed } from '../lib/http/openapi.ts';
import { TokenInfo, TokenInput } from '../lib/http/token-fields.ts';
import { validate } from '../lib/http/validation.ts';
import * as tokens from '../lib/repositories/tokens.ts';

const app = createFunctionApp();
const path = '/api/user/tokens/';
app.use(path, requireUser);

defineRoute(
  app,
  {
    method: 'get',
    path,
    operationId: 'user_tokens_list',
    tags: ['user'],
    summary: "The caller's unexpired tokens, newest first (never their keys)",
    security: tokenAuth,
    responses: responses({ 200: jsonResponse('Tokens; `current` marks the one this request used', z.array(TokenInfo)), 401: notAuthenticated }, { database: true }),
  },
  async (c) => {
    const { user, tokenKey } = authenticated(c);
    return c.json((await tokens.listTokens(getDb(), user.id, tokenKey)).map(tokens.toTokenJson));
  },
);

defineRoute(
  app,
  {
    method: 'post',
    path,
    operationId: 'user_tokens_create',
    tags: ['user'],
    summary: 'Make a named token, optionally expiring; the answer holds its key, shown only this once',
    security: tokenAuth,
    request: { body: requestBody(TokenInput) },
    responses: responses(
      { 201: jsonResponse('The new token, with its key', TokenInfo.extend({ key: z.string().regex(/^[0-9a-f]{40}$/) }).openapi('NewToken')), 400: validationFailed, 401: notAuthenticated },
      { body: true, database: true },
    ),
  },
  async (c) => {
    const { user } = authenticated(c);
    const { name, expires_in_days } = await validate(TokenInput, await readBody(c));
    // TOKEN_TTL_DAYS bounds every token's lifetime when it is set.
    const ttl = loadConfig().tokenTtlDays;
    if (ttl !== null && expires_in_days !== undefined && expires_in_days !== null && expires_in_days > ttl) {
      throw validationError({ expires_in_days: [`Ensure this value is less than or equal to ${ttl}.`] });
    }
    if (ttl !== null && expires_in_days === null) throw validationError({ expires_in_days: [`Tokens expire within ${ttl} days here.`] });
    try {
      const token = await tokens.createNamedToken(getDb(), user.id, name, expires_in_days === undefined ? ttl : expires_in_days);
      return c.json(tokens.toTokenJson({ ...token, current: false }), 201);
    } catch (error) {
      if (error instanceof tokens.TooManyTokensError) throw validationError({ non_field_errors: [error.message] });
      throw error;
    }
  },
);

export default app;
export const handler = lambdaHandler(app);
