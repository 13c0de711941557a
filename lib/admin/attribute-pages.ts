// The admin's pages for tags and for ingredients, which behave alike: every
// user's, listed with their owner and searchable, each with a page that
// leads to "Delete" and its confirmation. Each kind's function file (admin-tags.ts, admin-ingredients.ts)
// declares them on its app.
import type { Context } from 'hono';
import { html } from 'hono/html';
import { getDb } from '../db.ts';
import type { AppEnv, FunctionApp } from '../http/app.ts';
import { notFound } from '../http/errors.ts';
import { pathId } from '../http/params.ts';
import * as attributes from '../recipe-attributes.ts';
import { layoutFor, listQuery, readForm } from './app.ts';
import { deleteConfirmation, page, pager, searchForm } from './html.ts';

const perPage = 100;

const words = {
  tags: { title: 'Tags', one: 'tag', capitalised: 'Tag', none: 'No tags found.' },
  ingredients: { title: 'Ingredients', one: 'ingredient', capitalised: 'Ingredient', none: 'No ingredients found.' },
} as const satisfies Record<attributes.AttributeKind, unknown>;

const recipeCount = (count: number) => (count === 1 ? '1 recipe' : `${count} recipes`);

function usedBy(count: number): string {
  if (count === 0) return 'No recipe uses it.';
  return count === 1 ? 'It is removed from the one recipe that uses it.' : `It is removed from the ${count} recipes that use it.`;
}

/** GET /admin/{kind}/, GET /admin/{kind}/{id}/, GET and POST /admin/{kind}/{id}/delete/ on the kind's app (made with createAdminApp('/admin/{kind}/*')). */
export function defineAttributePages(app: FunctionApp, kind: attributes.AttributeKind): void {
  const listPath = `/admin/${kind}/`;
  const { title, one, capitalised, none } = words[kind];

  async function found(c: Context<AppEnv>): Promise<attributes.OwnedAttribute> {
    const attribute = await attributes.findAnyAttribute(getDb(), kind, pathId(c));
    if (attribute === undefined) throw notFound();
    return attribute;
  }

  app.get(listPath, async (c) => {
    const { query, pageNumber } = listQuery(c);
    const { attributes: rows, hasNext } = await attributes.listAllAttributes(getDb(), kind, query, pageNumber, perPage);
    const body = html`${searchForm(listPath, query)}
      <table>
        <thead><tr><th>Name</th><th>Owner</th><th>Used by</th></tr></thead>
        <tbody>
          ${rows.map((row) => html`<tr>
            <td><a href="${listPath}${row.id}/">${row.name}</a></td>
            <td>${row.owner_email}</td>
            <td>${recipeCount(row.recipe_count)}</td>
          </tr>`)}
        </tbody>
      </table>
      ${rows.length === 0 ? html`<p>${none}</p>` : ''}
      ${pager(listPath, query, pageNumber, hasNext)}`;
    return c.html(await page({ title, ...layoutFor(c), body }));
  });

  // Each has a page, as users and recipes do, and "Delete" is there: the list
  // keeps to names and owners, which a phone's narrow table still shows.
  app.get(`${listPath}:id/`, async (c) => {
    const attribute = await found(c);
    const body = html`<p class="readonly">Owner: ${attribute.owner_email} · Used by ${recipeCount(attribute.recipe_count)}</p>
      <div class="buttons"><a class="danger" href="${listPath}${attribute.id}/delete/">Delete</a></div>`;
    return c.html(await page({ title: `${capitalised} “${attribute.name}”`, ...layoutFor(c), body }));
  });

  app.get(`${listPath}:id/delete/`, async (c) => {
    const attribute = await found(c);
    const question = html`Are you sure you want to delete the ${one} “${attribute.name}” of ${attribute.owner_email}?
      ${usedBy(attribute.recipe_count)}`;
    const body = deleteConfirmation({ question, action: `${listPath}${attribute.id}/delete/`, back: `${listPath}${attribute.id}/`, csrf: layoutFor(c).csrf });
    return c.html(await page({ title: 'Are you sure?', ...layoutFor(c), body }));
  });

  app.post(`${listPath}:id/delete/`, async (c) => {
    const attribute = await found(c);
    await readForm(c);
    // The repository deletes on behalf of an owner: the admin names this one's.
    await attributes.deleteAttribute(getDb(), kind, attribute.user_id, attribute.id);
    return c.redirect(listPath, 302);
  });
}
