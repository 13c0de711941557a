// GET /api/health-check/ — is the API up, and can it reach its database?
import { z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { getDb } from '../lib/db.ts';
import { createFunctionApp, defineRoute } from '../lib/http/app.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { log } from '../lib/log.ts';

const app = createFunctionApp();

const Health = z.object({ healthy: z.boolean() }).openapi('Health');

defineRoute(
  app,
  {
    method: 'get',
    path: '/api/health-check/',
    tags: ['health-check'],
    summary: 'Is the API up and its database reachable?',
    responses: {
      200: { description: 'Healthy', content: { 'application/json': { schema: Health } } },
      503: { description: 'The database cannot be reached', content: { 'application/json': { schema: Health } } },
    },
  },
  async (c) => {
    try {
      await sql`select 1`.execute(getDb());
      return c.json({ healthy: true });
    } catch (error) {
      log.warn('health check failed', { request_id: c.get('requestId'), error });
      return c.json({ healthy: false }, 503);
    }
  },
);

export default app;
export const handler = lambdaHandler(app);
