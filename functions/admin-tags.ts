// GET /admin/tags/ — every user's tags, with owner and search;
// GET /admin/tags/{id}/ — one, with the way to delete it;
// GET, POST /admin/tags/{id}/delete/ — delete it after a confirmation.
import { createAdminApp } from '../lib/admin/app.ts';
import { defineAttributePages } from '../lib/admin/attribute-pages.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';

const app = createAdminApp('/admin/tags/*');
defineAttributePages(app, 'tags');

export default app;
export const handler = lambdaHandler(app);
