// A shortcut beside some zod schemas (the DRF fields of fields.ts and objects
// made of them): a plain function that parses the usual, valid input to
// exactly what the schema gives, and answers `undecided` for anything else
// (a number as text, a blank, a value out of bounds, a wrong type), which the
// schema then parses and words the errors for. zod runs each check of each
// field through its generic machinery: for a recipe create's body that was
// ~4 % of the request's CPU. fast-parse.test.ts holds every shortcut to its
// schema's answers.
import { z } from '@hono/zod-openapi';

/** The answer of a shortcut that cannot tell: the schema decides. */
export const undecided: unique symbol = Symbol('undecided');

/** A value as the schema would give it, or undecided. */
export type FastParse = (value: unknown) => unknown;

const fastParses = new WeakMap<z.core.$ZodType, FastParse>();

/** Gives `schema` its shortcut; returns the schema. */
export function withFastParse<Schema extends z.core.$ZodType>(schema: Schema, parse: FastParse): Schema {
  fastParses.set(schema, parse);
  return schema;
}

/** The shortcut of `schema`, if it has one. */
export function fastParseOf(schema: z.core.$ZodType): FastParse | undefined {
  return fastParses.get(schema);
}

/**
 * The shortcut of z.object(shape) (zod's default: unknown keys dropped, the
 * output's keys in the shape's order), when every field of the shape has
 * one (an optional field through its inner schema's); else undefined.
 */
export function objectFastParse(shape: z.core.$ZodShape): FastParse | undefined {
  const fields: { key: string; optional: boolean; parse: FastParse }[] = [];
  for (const [key, schema] of Object.entries(shape)) {
    const optional = schema instanceof z.core.$ZodOptional;
    const parse = fastParses.get(optional ? schema._zod.def.innerType : schema);
    if (parse === undefined) return undefined;
    fields.push({ key, optional, parse });
  }
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undecided;
    const input = value as Record<string, unknown>;
    const output: Record<string, unknown> = {};
    for (const { key, optional, parse } of fields) {
      const given = input[key];
      if (given === undefined) {
        if (!optional) return undecided;
        // As zod: a key given as undefined stays, one not given stays out.
        if (key in input) output[key] = undefined;
        continue;
      }
      const parsed = parse(given);
      if (parsed === undecided) return undecided;
      output[key] = parsed;
    }
    return output;
  };
}

/** Gives z.object(shape) (`schema`, documented as it may be) the shortcut of its shape, when it has one. */
export function withObjectFastParse<Schema extends z.core.$ZodType>(schema: Schema, shape: z.core.$ZodShape): Schema {
  const parse = objectFastParse(shape);
  return parse === undefined ? schema : withFastParse(schema, parse);
}
