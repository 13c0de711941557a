// GET /api/schema/ — the OpenAPI 3.1 document, built from the route
// declarations of every function (lib/http/openapi-document.ts). JSON by
// default; YAML on ?format=yaml or when the client asks for it in Accept.
import { z } from '@hono/zod-openapi';
import { stringify } from 'yaml';
import { createFunctionApp, defineRoute } from '../lib/http/app.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { notFound } from '../lib/http/errors.ts';
import { jsonResponse, noAuth, responses } from '../lib/http/openapi.ts';
import { openApiDocument } from '../lib/http/openapi-document.ts';

const app = createFunctionApp();

// An unknown format is a 404, as DRF's format suffix.
const Query = z.object({ format: z.enum(['json', 'yaml']).optional() });

defineRoute(
  app,
  {
    method: 'get',
    path: '/api/schema/',
    tags: ['schema'],
    operationId: 'schema_retrieve',
    summary: 'The OpenAPI document of this API',
    security: noAuth,
    request: { query: Query },
    responses: responses({
      200: {
        description: 'OpenAPI 3.1 document',
        content: { 'application/json': { schema: z.looseObject({}) }, 'application/yaml': { schema: z.string() } },
      },
      404: jsonResponse('An unknown format'),
    }),
  },
  (c) => {
    const query = Query.safeParse(c.req.query());
    if (!query.success) throw notFound();
    const format = query.data.format ?? (wantsYaml(c.req.header('accept')) ? 'yaml' : 'json');
    const document = openApiDocument();
    if (format === 'json') return c.json(document);
    return c.body(stringify(document), 200, { 'Content-Type': 'application/yaml; charset=utf-8' });
  },
);

function wantsYaml(accept = ''): boolean {
  return /application\/(yaml|x-yaml|vnd\.oai\.openapi)(\s*[;,]|\s*$)/i.test(accept);
}

export default app;
export const handler = lambdaHandler(app);
