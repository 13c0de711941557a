// GET /admin/ — the admin's front page: what can be managed, and the recent actions.
import { html } from 'hono/html';
import * as adminLog from '../lib/repositories/admin-log.ts';
import { createAdminApp, layoutFor } from '../lib/admin/app.ts';
import { page } from '../lib/admin/html.ts';
import { getDb } from '../lib/database/pool.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';

const app = createAdminApp('/admin/');

const sections = [
  ['Users', '/admin/users/', 'Accounts, staff and superusers'],
  ['Recipes', '/admin/recipes/', 'Every user’s recipes'],
  ['Tags', '/admin/tags/', 'Tags, by owner'],
  ['Ingredients', '/admin/ingredients/', 'Ingredients, by owner'],
] as const;

const listOf: Record<adminLog.AdminLogObjectType, string> = { user: '/admin/users/', recipe: '/admin/recipes/', tag: '/admin/tags/', ingredient: '/admin/ingredients/' };
const verbs: Record<adminLog.AdminLogAction, string> = { added: 'Added', changed: 'Changed', deleted: 'Deleted' };

// An entry links to its object's page, unless the object is gone.
function recentAction(entry: adminLog.AdminLogRow) {
  const what = entry.action === 'deleted' ? entry.object_repr : html`<a href="${listOf[entry.object_type]}${entry.object_id}/">${entry.object_repr}</a>`;
  return html`<li>${verbs[entry.action]} ${entry.object_type} “${what}” <span class="readonly">by ${entry.user_email}, ${entry.action_time.toISOString().replace('T', ' ').slice(0, 16)} UTC</span></li>`;
}

app.get('/admin/', async (c) => {
  const recent = await adminLog.recentEntries(getDb(), 10);
  const body = html`<ul class="dashboard">
    ${sections.map(([name, href, about]) => html`<li><a href="${href}">${name}</a><span>${about}</span></li>`)}
  </ul>
  <section class="recent-actions">
    <h2>Recent actions</h2>
    ${recent.length === 0 ? html`<p class="readonly">None available</p>` : html`<ul>${recent.map(recentAction)}</ul>`}
  </section>`;
  return c.html(await page({ title: 'Site administration', ...layoutFor(c), body }));
});

export default app;
export const handler = lambdaHandler(app);
