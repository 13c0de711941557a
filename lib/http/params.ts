// Path parameters, parsed by the schemas that document them. (Query
// parameters: list-params.ts.)
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

/** The `{id}` of a route's path: its declaration (`request: { params: idParams }`) and its parser (pathParams). */
export const idParams = z.object({ id: PathId });

/**
 * The route's path parameters parsed by `schema`, the one its declaration
 * documents (by default idParams: an id written as plain ASCII digits without
 * a leading zero). Anything else ("abc", "+5", " 5", "0", full-width digits,
 * beyond what an id can be) is a 404, never a 500.
 */
export function pathParams<Schema extends z.ZodType = typeof idParams>(c: Context, schema?: Schema): z.output<Schema> {
  const parsed = (schema ?? idParams).safeParse(c.req.param());
  if (!parsed.success) throw notFound();
  return parsed.data as z.output<Schema>;
}
