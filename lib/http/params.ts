// Path parameters that are ids. (Query parameters: list-params.ts.)
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { notFound } from './errors.ts';

// Documented as what it is, an integer; in the path it is text to parse.
const PathId = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/)
  .transform(Number)
  .refine(Number.isSafeInteger)
  .openapi({ type: 'integer', format: 'int64', minimum: 1, example: 1 });

/** `value` as an id (plain ASCII digits, no leading zero, within 64 bits and a safe integer), or undefined. */
export function parseId(value: string): number | undefined {
  const parsed = PathId.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** The `{id}` of a route's path, for its declaration. */
export const idParams = z.object({ id: PathId });

/**
 * The id in the path, written as plain ASCII digits without a leading zero;
 * anything else ("abc", "+5", " 5", "0", full-width digits, beyond what an id
 * can be) is a 404, never a 500.
 */
export function pathId(c: Context, name = 'id'): number {
  const id = parseId(c.req.param(name) ?? '');
  if (id === undefined) throw notFound();
  return id;
}
