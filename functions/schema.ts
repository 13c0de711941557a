// GET /api/schema/ — the OpenAPI 3.1 document, built from the route
// declarations of every function. JSON by default; YAML on ?format=yaml or
// when the client asks for it in Accept.
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { stringify } from 'yaml';
import packageJson from '../package.json' with { type: 'json' };
import { createFunctionApp, defineRoute } from '../lib/http/app.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { notFound } from '../lib/http/errors.ts';
import { jsonResponse, noAuth, responses } from '../lib/http/openapi.ts';

const app = createFunctionApp();

defineRoute(
  app,
  {
    method: 'get',
    path: '/api/schema/',
    tags: ['schema'],
    operationId: 'schema_retrieve',
    summary: 'The OpenAPI document of this API',
    security: noAuth,
    request: { query: z.object({ format: z.enum(['json', 'yaml']).optional() }) },
    responses: responses({
      200: {
        description: 'OpenAPI 3.1 document',
        content: { 'application/json': { schema: z.looseObject({}) }, 'application/yaml': { schema: z.string() } },
      },
      404: jsonResponse('An unknown format'),
    }),
  },
  async (c) => {
    const format = c.req.query('format') ?? (wantsYaml(c.req.header('accept')) ? 'yaml' : 'json');
    if (format !== 'json' && format !== 'yaml') throw notFound();
    const document = await openApiDocument();
    if (format === 'json') return c.json(document);
    return c.body(stringify(document), 200, { 'Content-Type': 'application/yaml; charset=utf-8' });
  },
);

function wantsYaml(accept = ''): boolean {
  return /application\/(yaml|x-yaml|vnd\.oai\.openapi)(\s*[;,]|\s*$)/i.test(accept);
}

let document: object | undefined;

const documentTags = [
  { name: 'user', description: 'Sign-up, tokens and the caller\'s own account' },
  { name: 'recipe', description: 'The caller\'s recipes' },
  { name: 'tags', description: 'The caller\'s tags' },
  { name: 'ingredients', description: 'The caller\'s ingredients' },
  { name: 'health-check', description: 'Liveness and database reachability' },
  { name: 'schema', description: 'This document' },
  { name: 'docs', description: 'Swagger UI' },
];

// Built once, on first request. The manifest is imported here, not at the top,
// because the manifest imports this file.
async function openApiDocument(): Promise<object> {
  if (document !== undefined) return document;
  const { functions } = await import('./index.ts');
  const all = new OpenAPIHono();
  for (const fn of Object.values(functions)) all.route('/', fn);
  all.openAPIRegistry.registerComponent('securitySchemes', 'tokenAuth', {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description: 'Token-based authentication with required prefix "Token"',
  });
  document = all.getOpenAPI31Document({
    openapi: '3.1.0',
    info: { title: 'Recipe API', version: packageJson.version, description: packageJson.description },
    // Relative: the API itself, wherever (and behind whatever proxy) it is served.
    servers: [{ url: '/', description: 'This server' }],
    tags: documentTags,
  });
  return document;
}

export default app;
export const handler = lambdaHandler(app);
