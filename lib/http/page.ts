// A page of a list, DRF's LimitOffsetPagination: {count, next, previous, results},
// where next and previous are this request's absolute URL with another offset.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ZodType } from 'zod';
import { publicOrigin } from './media-url.ts';
import type { Paging } from './list-params.ts';

/** The document's schema of a page of `item`s. */
export function pageSchema(item: ZodType, name: string) {
  return z
    .object({
      count: z.number().int().openapi({ description: 'Items in the whole list (with its search and filters)' }),
      next: z.url().nullable(),
      previous: z.url().nullable(),
      results: z.array(item),
    })
    .openapi(name);
}

export function pageJson<Item>(c: Context, paging: Paging, count: number, results: Item[]) {
  const { limit, offset } = paging;
  const url = new URL(c.req.url);
  const at = (newOffset: number | null) => {
    const params = new URLSearchParams(url.search);
    params.set('limit', String(limit));
    if (newOffset === null) params.delete('offset');
    else params.set('offset', String(newOffset));
    return `${publicOrigin(c)}${url.pathname}?${params.toString()}`;
  };
  return {
    count,
    next: offset + limit < count ? at(offset + limit) : null,
    // DRF drops the offset from the URL of the first page.
    previous: offset <= 0 ? null : at(offset - limit > 0 ? offset - limit : null),
    results,
  };
}
