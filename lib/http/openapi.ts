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
