// The routes of tags and of ingredients, which behave alike: each kind's
// function files (tag-list.ts, ingredient-list.ts, …) declare them on their app.
import { z } from '@hono/zod-openapi';
import { getDb } from '../database/pool.ts';
import * as attributes from '../repositories/recipe-attributes.ts';
import { defineRoute, type FunctionApp } from './app.ts';
import { authenticated, requireUser } from './auth.ts';
import { readBody } from './body.ts';
import { notFound } from './errors.ts';
import { charField } from './fields.ts';
import { jsonResponse, noContent, notAuthenticated, requestBody, responses, tokenAuth, validationFailed } from './openapi.ts';
import { validationError } from './errors.ts';
import { pagingOf, pagingQuery, searchParam } from './list-params.ts';
import { pageJson, pageSchema } from './page.ts';
import { idParams, pathId } from './params.ts';
import { Attribute } from './recipe-fields.ts';
import { validate } from './validation.ts';

const AttributeRename = z.object({ name: charField({ maxLength: 255 }) });

const assignedOnlyParam = (kind: attributes.AttributeKind) =>
  z
    .enum(['', '0', '1'], { error: (issue) => `Select a valid choice. ${String(issue.input).replaceAll('\0', '')} is not one of the available choices.` })
    .optional()
    .openapi({ description: `1: only ${kind} used by a recipe` });

/** GET /api/recipe/{kind}/ — the caller's tags (ingredients), name descending; ?assigned_only=1, ?search=, ?limit=&offset=. */
export function defineAttributeList(app: FunctionApp, kind: attributes.AttributeKind): void {
  const path = `/api/recipe/${kind}/`;
  app.use(path, requireUser);
  const ListQuery = z.object({
    assigned_only: assignedOnlyParam(kind),
    search: searchParam.openapi({ description: 'Words that must each appear in the name (any case, accents or not, part of a word)' }),
    ...pagingQuery,
  });
  defineRoute(
    app,
    {
      method: 'get',
      path,
      tags: [kind],
      operationId: `recipe_${kind}_list`,
      summary: `The caller's ${kind}, by name descending; a page of them with ?limit=`,
      security: tokenAuth,
      request: { query: ListQuery },
      responses: responses(
        {
          200: jsonResponse(`The ${kind}: a list, or with ?limit= a page`, z.union([z.array(Attribute), pageSchema(Attribute, 'TagOrIngredientPage')])),
          400: validationFailed,
          401: notAuthenticated,
        },
        { database: true },
      ),
    },
    async (c) => {
      const q = await validate(ListQuery, c.req.query());
      const paging = pagingOf(q);
      if (paging === 'offset without limit') throw validationError({ limit: ['Give limit with offset.'] });
      const userId = authenticated(c).user.id;
      const query = { assignedOnly: q.assigned_only === '1', search: q.search };
      if (paging !== undefined) {
        const { count, attributes: rows } = await attributes.queryAttributes(getDb(), kind, userId, query, paging);
        return c.json(pageJson(c, paging, count, rows));
      }
      // Without a search: the original's list, by its prepared statements.
      if (!q.search?.length) return c.json(await attributes.listAttributes(getDb(), kind, userId, query.assignedOnly));
      return c.json(await attributes.queryAttributes(getDb(), kind, userId, query));
    },
  );
}

/** PUT, PATCH, DELETE /api/recipe/{kind}/{id}/ — rename or delete one (there is no GET, as in the original). */
export function defineAttributeDetail(app: FunctionApp, kind: attributes.AttributeKind): void {
  app.use(`/api/recipe/${kind}/:id/`, requireUser);
  const described = {
    path: `/api/recipe/${kind}/{id}/`,
    tags: [kind],
    security: tokenAuth,
    request: { params: idParams },
  };
  const notYours = jsonResponse(`No such ${kind === 'tags' ? 'tag' : 'ingredient'} of yours`);

  for (const method of ['put', 'patch'] as const) {
    const schema = method === 'put' ? AttributeRename : AttributeRename.partial();
    defineRoute(
      app,
      {
        ...described,
        method,
        operationId: `recipe_${kind}_${method === 'put' ? 'update' : 'partial_update'}`,
        summary: 'Rename',
        request: { ...described.request, body: requestBody(schema) },
        responses: responses({ 200: jsonResponse('Renamed', Attribute), 400: validationFailed, 401: notAuthenticated, 404: notYours }, { body: true, database: true }),
      },
      async (c) => {
        const userId = authenticated(c).user.id;
        const id = pathId(c);
        const current = await attributes.findAttribute(getDb(), kind, userId, id);
        if (current === undefined) throw notFound();
        const { name } = await validate(schema, await readBody(c));
        if (name === undefined || name === current.name) return c.json(current);
        const renamed = await attributes.renameAttribute(getDb(), kind, userId, id, name);
        if (renamed === undefined) throw notFound(); // deleted meanwhile
        return c.json(renamed);
      },
    );
  }

  defineRoute(
    app,
    {
      ...described,
      method: 'delete',
      operationId: `recipe_${kind}_destroy`,
      summary: 'Delete (and remove from every recipe)',
      responses: responses({ 204: noContent, 401: notAuthenticated, 404: notYours }, { database: true }),
    },
    async (c) => {
      if (!(await attributes.deleteAttribute(getDb(), kind, authenticated(c).user.id, pathId(c)))) throw notFound();
      return c.body(null, 204);
    },
  );
}
