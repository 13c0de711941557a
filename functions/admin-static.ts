// GET /static/admin/admin.css — the admin's stylesheet (a file, so the pages'
// Content-Security-Policy needs no inline styles).
import path from 'node:path';
import { createFunctionApp } from '../lib/http/app.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { serveAsset } from '../lib/http/static-asset.ts';

const app = createFunctionApp();
const stylesheet = path.join(import.meta.dirname, '../lib/assets/admin.css');

app.get('/static/admin/admin.css', (c) => serveAsset(c, stylesheet, 'text/css; charset=utf-8'));

export default app;
export const handler = lambdaHandler(app);
