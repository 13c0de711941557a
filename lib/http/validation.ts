// zod issues → DRF's error shape: {"field": ["message"]}, nested lists as lists
// of per-item objects ({"tags": [{}, {"name": ["..."]}]}), the rest under
// "non_field_errors".
import type { z } from 'zod';
import { validationError } from './errors.ts';
import { fastParseOf, undecided } from './fast-parse.ts';

type PathKey = string | number;

/**
 * Parses `data` with `schema`, or throws DRF's 400 naming every bad field.
 * Async because some checks ask the database (an email already taken).
 */
export async function validate<Schema extends z.ZodType>(schema: Schema, data: unknown): Promise<z.output<Schema>> {
  const result = await check(schema, data);
  if (result.ok) return result.data;
  throw validationError(result.errors);
}

/**
 * The same, synchronously, for a schema with no asynchronous check (none
 * that asks the database; on one, zod throws, a bug a test shows at once).
 * zod's asynchronous parse costs two to three times the CPU of its
 * synchronous one (a promise per field): ~5 µs of a recipe create's.
 */
export function validateNow<Schema extends z.ZodType>(schema: Schema, data: unknown): z.output<Schema> {
  // The usual valid body, by the schema's shortcut where it has one (fast-parse.ts).
  const quick = fastParseOf(schema)?.(data) ?? undecided;
  if (quick !== undecided) return quick as z.output<Schema>;
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw validationError(errorsOf(result.error, data, schema));
}

/** The same as validate, without throwing: for forms that show their errors next to the fields. */
export async function check<Schema extends z.ZodType>(
  schema: Schema,
  data: unknown,
): Promise<{ ok: true; data: z.output<Schema> } | { ok: false; errors: Record<string, string[]> }> {
  const result = await schema.safeParseAsync(data);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: errorsOf(result.error, data, schema) };
}

function errorsOf(error: z.ZodError, data: unknown, schema: z.ZodType): Record<string, string[]> {
  return inFieldOrder(drfErrors(error.issues, data), schema) as Record<string, string[]>;
}

// DRF lists errors in the order the serializer declares its fields; zod
// reports asynchronous checks (the database's) last.
function inFieldOrder(errors: Record<string, unknown>, schema: z.ZodType): Record<string, unknown> {
  const shape = (schema as { shape?: unknown }).shape;
  if (typeof shape !== 'object' || shape === null) return errors;
  const order = [...Object.keys(shape), 'non_field_errors'];
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => rank(order, a) - rank(order, b)));
}

function rank(order: readonly string[], key: string): number {
  const index = order.indexOf(key);
  return index < 0 ? order.length : index;
}

export function drfErrors(issues: readonly z.core.$ZodIssue[], input: unknown): Record<string, unknown> {
  const errors: Record<string, unknown> = {};
  for (const issue of issues) {
    const path = issue.path.map((key) => (typeof key === 'number' ? key : String(key)));
    // An error about a whole object (the body, or one item of a list) goes under its non_field_errors.
    const target = path.length === 0 || typeof path.at(-1) === 'number' ? [...path, 'non_field_errors'] : path;
    addMessage(errors, target, issue.message, input);
  }
  return errors;
}

function addMessage(errors: Record<string, unknown>, path: readonly PathKey[], message: string, input: unknown): void {
  let container: Record<PathKey, unknown> = errors;
  let value = input;
  for (const [depth, key] of path.slice(0, -1).entries()) {
    value = childOf(value, key);
    const next = path[depth + 1];
    // A list's errors hold one entry per item, {} for the items that are fine.
    container[key] ??= typeof next === 'number' ? Array.from({ length: Array.isArray(value) ? value.length : next + 1 }, () => ({})) : {};
    container = container[key] as Record<PathKey, unknown>;
  }
  const last = path.at(-1) ?? 'non_field_errors';
  const messages = Array.isArray(container[last]) ? (container[last] as string[]) : [];
  if (!messages.includes(message)) messages.push(message);
  container[last] = messages;
}

function childOf(value: unknown, key: PathKey): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  return (value as Record<PathKey, unknown>)[key];
}
