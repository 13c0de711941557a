// What a bundle gets for '@hono/zod-openapi' (lib/build/bundle.ts): a
// deployed function answers requests, and the OpenAPI document is made at
// build time (lib/build/run.ts), so the route declarations' metadata has no
// reader there. The real module patches zod so that each .openapi() call
// copies its schema with the metadata attached, and loads the document
// generator: work and code every cold start paid for nothing. Validation is
// zod's alone either way.
import { Hono } from 'hono';
import { z } from 'zod';

// Schemas keep their .openapi('Name', …) calls; here each returns its schema
// unchanged. Assigned, not defined: zod gives each new schema the enumerable
// members of ZodType.prototype (as the real module's patch relies on too).
(z.ZodType.prototype as { openapi?: unknown }).openapi = function openapi(this: z.ZodType): z.ZodType {
  return this;
};

// lib/http/app.ts registers each route's declaration; nothing reads them back.
const registry = { registerPath(): void {}, registerComponent(): void {}, register(): void {} };

export class OpenAPIHono extends Hono {
  readonly openAPIRegistry = registry;
}

export { z };
