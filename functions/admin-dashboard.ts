// GET /admin/ — the admin's front page: what can be managed.
import { html } from 'hono/html';
import { createAdminApp, layoutFor } from '../lib/admin/app.ts';
import { page } from '../lib/admin/html.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';

const app = createAdminApp('/admin/');

const sections = [
  ['Users', '/admin/users/', 'Accounts, staff and superusers'],
  ['Recipes', '/admin/recipes/', 'Every user’s recipes'],
  ['Tags', '/admin/tags/', 'Tags, by owner'],
  ['Ingredients', '/admin/ingredients/', 'Ingredients, by owner'],
] as const;

app.get('/admin/', async (c) => {
  const body = html`<ul class="dashboard">
    ${sections.map(([name, href, about]) => html`<li><a href="${href}">${name}</a><span>${about}</span></li>`)}
  </ul>`;
  return c.html(await page({ title: 'Site administration', ...layoutFor(c), body }));
});

export default app;
export const handler = lambdaHandler(app);
