// What the routes of tags and of ingredients share, since they behave alike:
// for each route its query or body schema, its documented answers and its
// handler. The function files (tag-list.ts, ingredient-detail.ts, …) declare
// the routes: method, path, operation and summary.
import { z } from '@hono/zod-openapi';
import { getDb } from '../database/pool.ts';
import * as attributes from '../repositories/recipe-attributes.ts';
import type { FunctionHandler } from './app.ts';
import { authenticated } from './auth.ts';
import { readBody } from './body.ts';
import { notFound, validationError } from './errors.ts';
import { charField } from './fields.ts';
import { jsonResponse, noContent, notAuthenticated, requestBody, responses, validationFailed } from './openapi.ts';
import { pagingOf, pagingQuery, searchParam } from './list-params.ts';
import { pageJson, pageSchema } from './page.ts';
import { pathParams } from './params.ts';
import { Attribute } from './recipe-fields.ts';
import { validateNow } from './validation.ts';

type Kind = attributes.AttributeKind;

const assignedOnlyParam = (kind: Kind) =>
  z
    .enum(['', '0', '1'], { error: (issue) => `Select a valid choice. ${String(issue.input).replaceAll('\0', '')} is not one of the available choices.` })
    .optional()
    .openapi({ description: `1: only ${kind} used by a recipe` });

/** GET /api/recipe/{kind}/: the caller's tags (ingredients), name descending; ?assigned_only=1, ?search=, ?limit=&offset=. */
export function attributeList(kind: Kind) {
  const query = z.object({
    assigned_only: assignedOnlyParam(kind),
    search: searchParam.openapi({ description: 'Words that must each appear in the name (any case, accents or not, part of a word)' }),
    ...pagingQuery,
  });
  const handler: FunctionHandler = async (c) => {
    const q = validateNow(query, c.req.query());
    const paging = pagingOf(q);
    if (paging === 'offset without limit') throw validationError({ limit: ['Give limit with offset.'] });
    const userId = authenticated(c).user.id;
    const filter = { assignedOnly: q.assigned_only === '1', search: q.search };
    if (paging !== undefined) {
      const { count, attributes: rows } = await attributes.queryAttributes(getDb(), kind, userId, filter, paging);
      return c.json(pageJson(c, paging, count, rows));
    }
    // Without a search: the original's list, by its prepared statements.
    if (!q.search?.length) return c.json(await attributes.listAttributes(getDb(), kind, userId, filter.assignedOnly));
    return c.json(await attributes.queryAttributes(getDb(), kind, userId, filter));
  };
  return {
    request: { query },
    responses: responses(
      {
        200: jsonResponse(`The ${kind}: a list, or with ?limit= a page`, z.union([z.array(Attribute), pageSchema(Attribute, 'TagOrIngredientPage')])),
        400: validationFailed,
        401: notAuthenticated,
      },
      { database: true },
    ),
    handler,
  };
}

const AttributeRename = z.object({ name: charField({ maxLength: 255 }) });
const notYours = (kind: Kind) => jsonResponse(`No such ${kind === 'tags' ? 'tag' : 'ingredient'} of yours`);

/** PUT (`partial`: PATCH) /api/recipe/{kind}/{id}/: rename one of the caller's. */
export function attributeRename(kind: Kind, { partial }: { partial: boolean }) {
  const body = partial ? AttributeRename.partial() : AttributeRename;
  const handler: FunctionHandler = async (c) => {
    const userId = authenticated(c).user.id;
    const { id } = pathParams(c);
    const current = await attributes.findAttribute(getDb(), kind, userId, id);
    if (current === undefined) throw notFound();
    const { name } = validateNow(body, await readBody(c));
    if (name === undefined || name === current.name) return c.json(current);
    const renamed = await attributes.renameAttribute(getDb(), kind, userId, id, name);
    if (renamed === undefined) throw notFound(); // deleted meanwhile
    return c.json(renamed);
  };
  return {
    body: requestBody(body),
    responses: responses({ 200: jsonResponse('Renamed', Attribute), 400: validationFailed, 401: notAuthenticated, 404: notYours(kind) }, { body: true, database: true }),
    handler,
  };
}

/** DELETE /api/recipe/{kind}/{id}/: delete one of the caller's, and so remove it from every recipe. */
export function attributeDelete(kind: Kind) {
  const handler: FunctionHandler = async (c) => {
    if (!(await attributes.deleteAttribute(getDb(), kind, authenticated(c).user.id, pathParams(c).id))) throw notFound();
    return c.body(null, 204);
  };
  return { responses: responses({ 204: noContent, 401: notAuthenticated, 404: notYours(kind) }, { database: true }), handler };
}
