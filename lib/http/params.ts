// Path and query parameters that are ids.
import type { Context } from 'hono';
import { notFound, validationError } from './errors.ts';
import { tooManyItemsMessage } from './fields.ts';

/**
 * The id in the path, written as plain ASCII digits without a leading zero;
 * anything else ("abc", "+5", " 5", "0", full-width digits, beyond what an id
 * can be) is a 404, never a 500.
 */
export function pathId(c: Context, name = 'id'): number {
  const text = c.req.param(name) ?? '';
  if (!/^[1-9][0-9]{0,15}$/.test(text)) throw notFound();
  const id = Number(text);
  if (!Number.isSafeInteger(id)) throw notFound();
  return id;
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
