// The query parameters of the lists (paging, search, ordering, filters) as zod
// schemas: the one declaration both parses a request's query and documents it
// in the OpenAPI document. Bad values are DRF's 400 with the parameter's name.
import { z } from '@hono/zod-openapi';
import { tooManyItemsMessage } from './fields.ts';

const words = {
  integer: 'A valid integer is required.',
  wholeNumber: 'Enter a whole number.',
  number: 'Enter a number.',
  min: (n: number) => `Ensure this value is greater than or equal to ${n}.`,
  max: (n: number) => `Ensure this value is less than or equal to ${n}.`,
  idList: 'Enter a comma-separated list of ids.',
  nullCharacters: 'Null characters are not allowed.',
  maxLength: (n: number) => `Ensure this field has no more than ${n} characters.`,
};

/** The most items one page holds; a larger `limit` is cut to it, as DRF's max_limit does. */
export const maxPageSize = 100;
/** The largest offset accepted (2^53 − 1): beyond every list, and still exact as a number. */
const maxOffset = Number.MAX_SAFE_INTEGER;

const integerText = /^\s*[+-]?\d+\s*$/;

/** A decimal integer in the query; out-of-range values are errors, or `cap`ped when given. */
function integerParam(options: { min: number; max: number; cap?: boolean; message?: string }) {
  return z.string().transform((text, ctx) => {
    if (!integerText.test(text)) {
      ctx.addIssue({ code: 'custom', message: options.message ?? words.integer });
      return z.NEVER;
    }
    // BigInt first: "99999999999999999999" must compare as itself, not as a rounded float.
    const value = BigInt(text.trim());
    if (value < BigInt(options.min)) {
      ctx.addIssue({ code: 'custom', message: words.min(options.min) });
      return z.NEVER;
    }
    if (value > BigInt(options.max)) {
      if (options.cap === true) return options.max;
      ctx.addIssue({ code: 'custom', message: words.max(options.max) });
      return z.NEVER;
    }
    return Number(value);
  });
}

/** Free text: no NUL (PostgreSQL's text cannot hold it), at most `maxLength` characters. */
function textParam(maxLength: number) {
  return z.string().superRefine((value, ctx) => {
    if (value.includes('\0')) ctx.addIssue({ code: 'custom', message: words.nullCharacters });
    if (value.length > maxLength) ctx.addIssue({ code: 'custom', message: words.maxLength(maxLength) });
  });
}

/** `?limit=` and `?offset=`, DRF's LimitOffsetPagination. Without `limit` a list is not paged. */
export const pagingQuery = {
  limit: integerParam({ min: 1, max: maxPageSize, cap: true })
    .optional()
    .openapi({ type: 'integer', minimum: 1, description: `Page size (at most ${maxPageSize}; more is cut to ${maxPageSize}). Given, the answer is a page: {count, next, previous, results}` }),
  offset: integerParam({ min: 0, max: maxOffset })
    .optional()
    .openapi({ type: 'integer', minimum: 0, description: 'Items to skip before the page (with limit)' }),
};

export interface Paging {
  readonly limit: number;
  readonly offset: number;
}

/** The page asked for, or undefined for the plain list (no `limit`). An `offset` alone is a 400: it would be silently ignored. */
export function pagingOf(query: { limit?: number | undefined; offset?: number | undefined }): Paging | undefined | 'offset without limit' {
  if (query.limit === undefined) return query.offset === undefined ? undefined : 'offset without limit';
  return { limit: query.limit, offset: query.offset ?? 0 };
}

const maxSearchLength = 255;
const maxSearchWords = 10;

/**
 * `?search=`, DRF's SearchFilter: words split on spaces and commas; every
 * word must appear (as any part of a word, in any case, with or without
 * accents) in one of the searched fields. Empty: no search.
 */
export const searchParam = textParam(maxSearchLength)
  .transform((text, ctx) => {
    const terms = [...new Set(text.split(/[\s,]+/u).filter((term) => term !== ''))];
    if (terms.length > maxSearchWords) {
      ctx.addIssue({ code: 'custom', message: `Search for at most ${maxSearchWords} words.` });
      return z.NEVER;
    }
    return terms;
  })
  .optional()
  .openapi({ type: 'string', description: `Words (at most ${maxSearchWords}), all of which must appear, in any case and with or without accents`, example: 'curry coco' });

const int8Max = 2n ** 63n - 1n;

// As many as a recipe may have of one kind: a filter by more is not a real one.
const maxIdsPerFilter = 100;

/**
 * `?tags=1,2`: ids as decimal text (spaces around each allowed), at most 100.
 * Ids beyond 64 bits cannot exist; they become 0, which no row has. Empty:
 * no filter.
 */
export const idListParam = z
  .string()
  .transform((text, ctx) => {
    if (text === '') return undefined;
    const items = text.split(',').map((item) => item.trim());
    if (!items.every((item) => /^[+-]?\d+$/.test(item))) {
      ctx.addIssue({ code: 'custom', message: words.idList });
      return z.NEVER;
    }
    if (items.length > maxIdsPerFilter) {
      ctx.addIssue({ code: 'custom', message: tooManyItemsMessage(maxIdsPerFilter) });
      return z.NEVER;
    }
    return items.map((item) => BigInt(item)).map((id) => (id >= -int8Max && id <= int8Max ? String(id) : '0'));
  })
  .optional();

/** `?max_time=` (minutes): django-filter's NumberFilter words. Beyond the longest recipe (100000) matches every one. */
export const maxTimeParam = integerParam({ min: 0, max: 100_000, cap: true, message: words.wholeNumber })
  .optional()
  .openapi({ type: 'integer', minimum: 0, description: 'Recipes taking at most this many minutes' });

const decimalText = /^\s*\+?\d+(?:\.\d*)?\s*$|^\s*\+?\.\d+\s*$/;
/** Above every price a recipe can have (numeric(5,2)). */
const priceCeiling = '1000';

/** `?max_price=`: a decimal ≥ 0, as text for PostgreSQL's numeric; a huge one matches every recipe. */
export const maxPriceParam = z
  .string()
  .transform((text, ctx) => {
    if (!decimalText.test(text)) {
      ctx.addIssue({ code: 'custom', message: text.trim().startsWith('-') && decimalText.test(text.replace('-', '')) ? words.min(0) : words.number });
      return z.NEVER;
    }
    const trimmed = text.trim().replace(/^\+/, '');
    return Number(trimmed) >= Number(priceCeiling) ? priceCeiling : trimmed;
  })
  .optional()
  .openapi({ type: 'string', format: 'decimal', description: 'Recipes costing at most this much', example: '10.00' });

export interface OrderBy<Field extends string> {
  readonly field: Field;
  readonly descending: boolean;
}

/** `?ordering=-price,title`, DRF's OrderingFilter over `fields`: in turn, `-` for descending; an unknown field is a 400. */
export function orderingParam<const Field extends string>(fields: readonly Field[]) {
  return z
    .string()
    .transform((text, ctx): OrderBy<Field>[] => {
      const orders: OrderBy<Field>[] = [];
      for (const item of text.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
        const descending = item.startsWith('-');
        const field = (descending ? item.slice(1) : item) as Field;
        if (!fields.includes(field)) {
          ctx.addIssue({ code: 'custom', message: `Unknown ordering field "${field.replaceAll('\0', '')}": choose from ${fields.join(', ')}, each with - for descending.` });
          return z.NEVER;
        }
        // A field named twice: the first says it.
        if (!orders.some((order) => order.field === field)) orders.push({ field, descending });
      }
      return orders;
    })
    .optional()
    .openapi({ type: 'string', description: `Comma-separated fields among ${fields.join(', ')}; - before one for descending`, example: `${fields[0] ?? ''}` });
}
