// GET /admin/ingredients/ — every user's ingredients, with owner and search;
// GET /admin/ingredients/{id}/ — one, with the way to delete it;
// GET, POST /admin/ingredients/{id}/delete/ — delete it after a confirmation.
import { createAdminApp } from '../lib/admin/app.ts';
import { defineAttributePages } from '../lib/admin/attribute-pages.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';

const app = createAdminApp('/admin/ingredients/*');
defineAttributePages(app, 'ingredients');

export default app;
export const handler = lambdaHandler(app);
