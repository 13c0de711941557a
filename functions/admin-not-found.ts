// GET, POST /admin/…/ — any other page under /admin/: a 404 page in the
// admin's look for logged-in staff, the login page for anyone else; never the
// API's JSON. Last in the manifest: the gateway tries every other function first.
import { createAdminApp, notFoundPage } from '../lib/admin/app.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';

const app = createAdminApp();

// Any path under /admin/ that ends in a slash; one without is first redirected to it (the gateway's APPEND_SLASH).
app.get('/admin/:rest{.+}/', (c) => notFoundPage(c));
app.post('/admin/:rest{.+}/', (c) => notFoundPage(c));

export default app;
export const handler = lambdaHandler(app);
