// The OpenAPI document of every function declared in this process. In the
// emulator (and its tests) that is every function of the manifest, all
// imported; the build (lib/build/) makes the document that way once and puts
// it in the schema function's bundle in place of this module, so a deployed
// schema function imports no other function. Nothing here imports the
// manifest, which would make a cycle through functions/schema.ts.
import { OpenAPIHono } from '@hono/zod-openapi';
import packageJson from '../../package.json' with { type: 'json' };
import { declaredApps } from './app.ts';

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

/** Built once, on first use: every function's routes are declared at import time. */
export function openApiDocument(): object {
  if (document !== undefined) return document;
  const all = new OpenAPIHono();
  for (const app of declaredApps()) all.route('/', app);
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
