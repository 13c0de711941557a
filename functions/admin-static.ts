// GET /static/admin/admin.css, /static/admin/admin.js — the admin's
// stylesheet and script (files, so the pages' Content-Security-Policy needs
// no inline style or script).
import path from 'node:path';
import { createFunctionApp } from '../lib/http/app.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { serveAsset } from '../lib/http/static-asset.ts';

const app = createFunctionApp();
const assets = path.join(import.meta.dirname, '../lib/assets');

app.get('/static/admin/admin.css', (c) => serveAsset(c, path.join(assets, 'admin.css'), 'text/css; charset=utf-8'));
app.get('/static/admin/admin.js', (c) => serveAsset(c, path.join(assets, 'admin.js'), 'text/javascript; charset=utf-8'));

export default app;
export const handler = lambdaHandler(app);
