// GET /api/docs/ — Swagger UI for /api/schema/, and the files it needs under
// /static/swagger-ui/, all served by us (no CDN: it works offline).
import { createRequire } from 'node:module';
import path from 'node:path';
import { html } from 'hono/html';
import { assetPath } from '../lib/assets/index.ts';
import { createFunctionApp, defineRoute } from '../lib/http/app.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { serveAsset } from '../lib/http/static-asset.ts';
import { notFound } from '../lib/http/errors.ts';
import { noAuth, responses } from '../lib/http/openapi.ts';

const app = createFunctionApp();

const swaggerUiDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const assets: Readonly<Record<string, { file: string; type: string }>> = {
  'swagger-ui.css': { file: path.join(swaggerUiDir, 'swagger-ui.css'), type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': { file: path.join(swaggerUiDir, 'swagger-ui-bundle.js'), type: 'text/javascript; charset=utf-8' },
  'favicon-32x32.png': { file: path.join(swaggerUiDir, 'favicon-32x32.png'), type: 'image/png' },
  'init.js': { file: assetPath('swagger-init.js'), type: 'text/javascript; charset=utf-8' },
};

// Swagger UI sets style attributes from script, hence 'unsafe-inline' for styles only.
const contentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const page = html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Recipe API docs</title>
    <link rel="stylesheet" href="/static/swagger-ui/swagger-ui.css">
    <link rel="icon" type="image/png" href="/static/swagger-ui/favicon-32x32.png">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/static/swagger-ui/swagger-ui-bundle.js"></script>
    <script src="/static/swagger-ui/init.js"></script>
  </body>
</html>`;

defineRoute(
  app,
  {
    method: 'get',
    path: '/api/docs/',
    tags: ['docs'],
    operationId: 'docs_retrieve',
    summary: 'Interactive documentation (Swagger UI)',
    security: noAuth,
    responses: responses({ 200: { description: 'An HTML page', content: { 'text/html': { schema: { type: 'string' } } } } }),
  },
  async (c) => {
    c.header('Content-Security-Policy', contentSecurityPolicy);
    return c.html(await page);
  },
);

app.get('/static/swagger-ui/:file', async (c) => {
  const name = c.req.param('file');
  const asset = Object.hasOwn(assets, name) ? assets[name] : undefined;
  if (asset === undefined) throw notFound();
  return serveAsset(c, asset.file, asset.type);
});

/** What this function reads from disk at run time, which a bundler cannot see: the build copies them. */
export const filesReadAtRunTime = Object.values(assets).map(({ file }) => file);

export default app;
export const handler = lambdaHandler(app);
