// An object's "History" page (Django's history_view): the admin log's
// entries for it, oldest first.
import type { Context } from 'hono';
import { html } from 'hono/html';
import * as adminLog from '../repositories/admin-log.ts';
import { getDb } from '../database/pool.ts';
import type { AppEnv } from '../http/app.ts';
import { layoutFor } from './app.ts';
import { page } from './html.ts';

const actionWords: Record<adminLog.AdminLogAction, string> = { added: 'Added.', changed: 'Changed.', deleted: 'Deleted.' };

export async function historyPage(c: Context<AppEnv>, objectType: adminLog.AdminLogObjectType, objectId: number, name: string, editPath: string): Promise<Response> {
  const entries = await adminLog.historyOf(getDb(), objectType, objectId);
  const body = html`<p><a href="${editPath}">Back to the ${objectType}</a></p>
    ${entries.length === 0
      ? html`<p>This object doesn’t have a change history. It probably wasn’t added via this admin site.</p>`
      : html`<table class="history">
          <thead><tr><th>Date/time</th><th>User</th><th>Action</th></tr></thead>
          <tbody>
            ${entries.map((entry) => html`<tr>
              <td><time datetime="${entry.action_time.toISOString()}">${entry.action_time.toISOString().replace('T', ' ').slice(0, 19)} UTC</time></td>
              <td>${entry.user_email}</td>
              <td>${entry.change_message === '' ? actionWords[entry.action] : entry.change_message}</td>
            </tr>`)}
          </tbody>
        </table>`}`;
  return c.html(await page({ title: `Change history: ${name}`, ...layoutFor(c), body }));
}

/** Django's change message: "Changed title and price." from the labels of the fields that differ. */
export function changeMessage(labels: readonly string[]): string {
  if (labels.length === 0) return 'No fields changed.';
  const list = labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
  return `Changed ${list}.`;
}
