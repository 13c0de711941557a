// Path parameters, parsed by the schemas that document them. (Query
// parameters: list-params.ts.)
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { notFound } from './errors.ts';

// An id in a path: plain ASCII digits, no leading zero, at most 16 of them.
const idPattern = /^[1-9][0-9]{0,15}$/;

// Documented as what it is, an integer; in the path it is text to parse.
const PathId = z
  .string()
  .regex(idPattern)
  .transform(Number)
  .refine(Number.isSafeInteger)
  .openapi({ type: 'integer', format: 'int64', minimum: 1, example: 1 });

/** `value` as an id (plain ASCII digits, no leading zero, within 64 bits and a safe integer), or undefined: what PathId accepts. */
export function parseId(value: string): number | undefined {
  // By hand, not PathId.safeParse: zod's object and string checks were ~3 % of a recipe read's CPU.
  if (!idPattern.test(value)) return undefined;
  const id = Number(value);
  return Number.isSafeInteger(id) ? id : undefined;
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
  if (schema === undefined) {
    // idParams, parsed as parseId does.
    const id = parseId(c.req.param('id') ?? '');
    if (id === undefined) throw notFound();
    return { id } as z.output<Schema>;
  }
  const parsed = schema.safeParse(c.req.param());
  if (!parsed.success) throw notFound();
  return parsed.data;
}
