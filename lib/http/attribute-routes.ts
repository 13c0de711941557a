// The routes of tags and of ingredients, which behave alike: each kind's
// function files (tag-list.ts, ingredient-list.ts, …) declare them on their app.
import { z } from '@hono/zod-openapi';
import { getDb } from '../db.ts';
import * as attributes from '../recipe-attributes.ts';
import { defineRoute, type FunctionApp } from './app.ts';
import { authenticated, requireUser } from './auth.ts';
import { readBody } from './body.ts';
import { notFound } from './errors.ts';
import { charField } from './fields.ts';
import { jsonResponse, noContent, notAuthenticated, requestBody, responses, tokenAuth, validationFailed } from './openapi.ts';
import { flagQuery, idParams, pathId } from './params.ts';
import { Attribute } from './recipe-fields.ts';
import { validate } from './validation.ts';

const AttributeRename = z.object({ name: charField({ maxLength: 255 }) });

/** GET /api/recipe/{kind}/ — the caller's tags (ingredients), name descending; ?assigned_only=1. */
export function defineAttributeList(app: FunctionApp, kind: attributes.AttributeKind): void {
  const path = `/api/recipe/${kind}/`;
  app.use(path, requireUser);
  defineRoute(
    app,
    {
      method: 'get',
      path,
      tags: [kind],
      operationId: `recipe_${kind}_list`,
      summary: `The caller's ${kind}, by name descending`,
      security: tokenAuth,
      request: { query: z.object({ assigned_only: z.enum(['0', '1']).optional().openapi({ description: `1: only ${kind} used by a recipe` }) }) },
      responses: responses({ 200: jsonResponse(`The ${kind}`, z.array(Attribute)), 400: validationFailed, 401: notAuthenticated }, { database: true }),
    },
    async (c) => {
      const assignedOnly = flagQuery(c, 'assigned_only');
      return c.json(await attributes.listAttributes(getDb(), kind, authenticated(c).user.id, assignedOnly));
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
