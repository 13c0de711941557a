// GET /static/admin/admin.css, /static/admin/admin.js — the admin's
// stylesheet and script (files, so the pages' Content-Security-Policy needs
// no inline style or script).
import { assetPath } from '../lib/assets/index.ts';
import { createFunctionApp } from '../lib/http/app.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { serveAsset } from '../lib/http/static-asset.ts';

const app = createFunctionApp();
const stylesheet = assetPath('admin.css');
const script = assetPath('admin.js');

app.get('/static/admin/admin.css', (c) => serveAsset(c, stylesheet, 'text/css; charset=utf-8'));
app.get('/static/admin/admin.js', (c) => serveAsset(c, script, 'text/javascript; charset=utf-8'));

/** What this function reads from disk at run time, which a bundler cannot see: the build copies them. */
export const filesReadAtRunTime = [stylesheet, script];

export default app;
export const handler = lambdaHandler(app);
