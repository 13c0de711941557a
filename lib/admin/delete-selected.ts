// The lists' "Delete selected" action (Django's delete_selected): the list's
// form POSTs the ticked ids, a page lists what goes, and only its "Yes, I'm
// sure" deletes, in one transaction with the log entries.
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { AdminLogObjectType } from '../repositories/admin-log.ts';
import * as adminLog from '../repositories/admin-log.ts';
import { getDb, type Executor } from '../database/pool.ts';
import type { AppEnv } from '../http/app.ts';
import type { Body } from '../http/body.ts';
import { HttpError } from '../http/errors.ts';
import { parseId } from '../http/params.ts';
import { removeMedia } from '../media/storage.ts';
import { layoutFor, readForm, text } from './app.ts';
import { perPage } from './change-list.ts';
import { csrfInput, type Html, page } from './html.ts';
import { flash } from './messages.ts';
import { staffUser } from './session.ts';

export interface Deletable {
  readonly id: number;
}

export interface DeleteSelected<Item extends Deletable> {
  readonly objectType: AdminLogObjectType;
  /** "recipes" */
  readonly plural: string;
  /** How the log calls it (a title, an email, a name). */
  nameOf(item: Item): string;
  /** Those of `ids` that exist. */
  find(db: Executor, ids: readonly number[]): Promise<Item[]>;
  /** Throws (a 403) when this staff member may not delete one of them. */
  authorize?(c: Context<AppEnv>, items: readonly Item[]): void;
  /** One line of the confirmation page: the object and what goes with it. */
  describe(item: Item): Html;
  /** Deletes them; resolves to the media files to remove once committed. */
  remove(trx: Executor, items: readonly Item[]): Promise<string[]>;
}

// One page of a list is the most a staff member can tick; a forged form could
// carry tens of thousands of ids (1 MB of them), more than anyone means to
// delete at once.
const maxSelected = perPage;

// A ticked id: plain digits, as a path id (a forged value is ignored, never a 500).
function selectedIds(form: Body): number[] {
  const values = Array.isArray(form.selected) ? form.selected : [form.selected];
  const ids = values.flatMap((value) => (typeof value === 'string' ? (parseId(value) ?? []) : []));
  const distinct = [...new Set(ids)];
  if (distinct.length > maxSelected) {
    throw new HttpError(400, { detail: `At most ${maxSelected} items can be deleted at a time (one page of the list); ${distinct.length} were selected. No items have been changed.` });
  }
  return distinct;
}

/** POST to a list: the confirmation page, or (confirmed) the deletion. */
export async function deleteSelected<Item extends Deletable>(c: Context<AppEnv>, spec: DeleteSelected<Item>): Promise<Response> {
  const form = await readForm(c);
  const back = `${c.req.path}${new URL(c.req.url).search}`;
  const ids = selectedIds(form);
  if (text(form, 'action') !== 'delete_selected') {
    flash(c, 'No action selected.');
    return c.redirect(back, 302);
  }
  const items = ids.length === 0 ? [] : await spec.find(getDb(), ids);
  if (items.length === 0) {
    flash(c, 'Items must be selected in order to perform actions on them. No items have been changed.');
    return c.redirect(back, 302);
  }
  spec.authorize?.(c, items);
  if (text(form, 'post') !== 'yes') return confirmationPage(c, spec, items, back);

  const by = staffUser(c);
  const files = await getDb()
    .transaction()
    .execute(async (trx) => {
      // The entries first: a staff member deleting their own account takes its id with it.
      await adminLog.record(trx, ...items.map((item) => ({ by, objectType: spec.objectType, objectId: item.id, objectRepr: spec.nameOf(item), action: 'deleted' as const })));
      return spec.remove(trx, items);
    });
  // The files go once the rows that point to them are gone.
  await removeMedia(files);
  flash(c, `Successfully deleted ${items.length} ${items.length === 1 ? spec.objectType : spec.plural}.`);
  return c.redirect(back, 302);
}

async function confirmationPage<Item extends Deletable>(c: Context<AppEnv>, spec: DeleteSelected<Item>, items: readonly Item[], back: string): Promise<Response> {
  const layout = layoutFor(c);
  const body = html`<p>Are you sure you want to delete the selected ${spec.plural}? All of the following objects and what goes with them will be deleted:</p>
    <ul class="deleted-objects">${items.map((item) => html`<li>${spec.describe(item)}</li>`)}</ul>
    <form method="post" action="${back}">
      ${csrfInput(layout.csrf)}
      <input type="hidden" name="action" value="delete_selected">
      ${items.map((item) => html`<input type="hidden" name="selected" value="${item.id}">`)}
      <input type="hidden" name="post" value="yes">
      <div class="buttons">
        <button class="danger" type="submit">Yes, I'm sure</button>
        <a href="${back}">No, take me back</a>
      </div>
    </form>`;
  return c.html(await page({ title: 'Are you sure?', ...layout, body }));
}
