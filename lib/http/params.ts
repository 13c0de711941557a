// Path and query parameters that are ids.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { notFound, validationError } from './errors.ts';
import { tooManyItemsMessage } from './fields.ts';

// Documented as what it is, an integer; in the path it is text to parse.
const PathId = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/)
  .transform(Number)
  .refine(Number.isSafeInteger)
  .openapi({ type: 'integer', format: 'int64', minimum: 1, example: 1 });

/** The `{id}` of a route's path, for its declaration. */
export const idParams = z.object({ id: PathId });

/**
 * The id in the path, written as plain ASCII digits without a leading zero;
 * anything else ("abc", "+5", " 5", "0", full-width digits, beyond what an id
 * can be) is a 404, never a 500.
 */
export function pathId(c: Context, name = 'id'): number {
  const parsed = PathId.safeParse(c.req.param(name));
  if (!parsed.success) throw notFound();
  return parsed.data;
}


const int8Max = 2n ** 63n - 1n;
// As many as a recipe may have of one kind: a filter by more is not a real one.
const maxIdsPerFilter = 100;

/**
 * `?tags=1,2`: a comma-separated list of integers (spaces around each
 * allowed), as decimal text, at most 100 of them. Empty or absent: no
 * filter. Integers beyond 64 bits cannot match anything and are dropped.
 */
export function idListQuery(c: Context, name: string): string[] | undefined {
  const value = c.req.query(name);
  if (value === undefined || value === '') return undefined;
  const items = value.split(',').map((item) => item.trim());
  if (!items.every((item) => /^[+-]?\d+$/.test(item))) {
    throw validationError({ [name]: ['Enter a comma-separated list of ids.'] });
  }
  if (items.length > maxIdsPerFilter) throw validationError({ [name]: [tooManyItemsMessage(maxIdsPerFilter)] });
  return items.map((item) => BigInt(item)).filter((id) => id >= -int8Max && id <= int8Max).map(String);
}

/** `?assigned_only=1` → true; `0` or absent → false; anything else is a 400. */
export function flagQuery(c: Context, name: string): boolean {
  const value = c.req.query(name);
  if (value === undefined || value === '' || value === '0') return false;
  if (value === '1') return true;
  throw validationError({ [name]: [`Select a valid choice. ${value} is not one of the available choices.`] });
}
