// Small builders for route declarations, so function files stay short.
import { z } from '@hono/zod-openapi';
import type { ZodType } from 'zod';

export const Detail = z.object({ detail: z.string() }).openapi('Detail');
export const FieldErrors = z
  .record(z.string(), z.unknown())
  .openapi('FieldErrors', { description: 'DRF validation errors: {"field": ["message", …]}, or "non_field_errors"' });

/** A request body as DRF parses it: JSON, a urlencoded form or a multipart form. */
export function requestBody(schema: ZodType, description?: string) {
  return {
    description,
    required: true,
    content: {
      'application/json': { schema },
      'application/x-www-form-urlencoded': { schema },
      'multipart/form-data': { schema },
    },
  };
}

export function jsonResponse(description: string, schema: ZodType = Detail) {
  return { description, content: { 'application/json': { schema } } };
}

export const noContent = { description: 'Done; no body' };
export const validationFailed = jsonResponse('Invalid input', FieldErrors);
export const notAuthenticated = jsonResponse('No valid token (WWW-Authenticate: Token)');

/** The token security requirement, for routes behind requireUser. */
export const tokenAuth = [{ tokenAuth: [] }];
/** An operation anyone may call: overrides any document-wide requirement. */
export const noAuth = [];

type Responses = Readonly<Record<number, ReturnType<typeof jsonResponse> | typeof noContent | { description: string; content?: unknown }>>;

/**
 * An operation's own responses plus those the shared machinery adds, so the
 * document lists every status the operation really answers: 400 for a Host
 * outside ALLOWED_HOSTS (every operation); 413 and 415 from the body reader;
 * 503 (Retry-After) while the database is unreachable.
 */
export function responses(own: Responses, uses: { readonly body?: boolean; readonly database?: boolean } = {}) {
  return {
    ...own,
    400: own[400] ?? jsonResponse('Host not in ALLOWED_HOSTS'),
    ...(uses.body === true ? { 413: jsonResponse('Request body too large'), 415: jsonResponse('Unsupported media type') } : {}),
    ...(uses.database === true ? { 503: own[503] ?? jsonResponse('The database is unavailable (Retry-After)') } : {}),
  };
}
