// The admin's pages for tags and for ingredients, which behave alike: every
// user's, listed with their owner and use (search, owner filter, sort,
// "Delete selected"), added and renamed by the API's rules, each with its
// history and a way to delete it. Each kind's function file (admin-tags.ts,
// admin-ingredients.ts) declares the routes that these pages answer.
import type { Context } from 'hono';
import { html } from 'hono/html';
import * as adminLog from '../repositories/admin-log.ts';
import { getDb } from '../database/pool.ts';
import type { AppEnv, FunctionHandler } from '../http/app.ts';
import type { Body } from '../http/body.ts';
import { notFound } from '../http/errors.ts';
import { pathParams } from '../http/params.ts';
import { AttributeInput } from '../http/recipe-fields.ts';
import { check } from '../http/validation.ts';
import * as attributes from '../repositories/recipe-attributes.ts';
import { afterSave } from './after-save.ts';
import { deletePage, layoutFor, readForm, text } from './app.ts';
import { listPage, perPage, sortOf } from './change-list.ts';
import { deleteSelected } from './delete-selected.ts';
import { changeMessage, historyPage } from './history.ts';
import { csrfInput, type FieldErrors, formErrors, input, objectTools, page, saveButtons, select } from './html.ts';
import { flash } from './messages.ts';
import { chosenOwner, ownerChoices, ownerFilter } from './owners.ts';
import { staffUser } from './session.ts';

const words = {
  tags: { title: 'Tags', one: 'tag', capitalised: 'Tag' },
  ingredients: { title: 'Ingredients', one: 'ingredient', capitalised: 'Ingredient' },
} as const satisfies Record<attributes.AttributeKind, unknown>;

const columns = [
  { key: 'name', label: 'Name' },
  { key: 'owner', label: 'Owner' },
  { key: 'recipe_count', label: 'Used by' },
] as const;

const recipeCount = (count: number) => (count === 1 ? '1 recipe' : `${count} recipes`);

function usedBy(count: number): string {
  if (count === 0) return 'No recipe uses it.';
  return count === 1 ? 'It is removed from the one recipe that uses it.' : `It is removed from the ${count} recipes that use it.`;
}

/** The handlers of the kind's list, add, edit, history and delete pages, under /admin/{kind}/. */
export function attributePages(kind: attributes.AttributeKind) {
  const listPath = `/admin/${kind}/`;
  const addPath = `${listPath}add/`;
  const { title, one, capitalised } = words[kind];
  const objectType = one;

  async function found(c: Context<AppEnv>): Promise<attributes.OwnedAttribute> {
    const attribute = await attributes.findAnyAttribute(getDb(), kind, pathParams(c).id);
    if (attribute === undefined) throw notFound();
    return attribute;
  }

  const list: FunctionHandler = async (c) =>
    listPage(c, {
      title,
      path: listPath,
      columns,
      filters: [await ownerFilter(getDb())],
      async read(state) {
        const query = { search: state.query, ownerId: chosenOwner(state), sort: sortOf(state, attributes.attributeSortColumns) };
        const { attributes: rows, hasNext } = await attributes.listAllAttributes(getDb(), kind, query, state.pageNumber, perPage);
        return { rows, hasNext };
      },
      row: (row) => ({ id: row.id, name: row.name, cells: [html`<a href="${listPath}${row.id}/">${row.name}</a>`, row.owner_email, recipeCount(row.recipe_count)] }),
      plural: kind,
      add: { label: `Add ${one}`, href: addPath },
    });

  const deleteChosen: FunctionHandler = (c) =>
    deleteSelected<attributes.OwnedAttribute>(c, {
      objectType,
      plural: kind,
      nameOf: (attribute) => attribute.name,
      find: (db, ids) => attributes.findAnyAttributes(db, kind, ids),
      describe: (attribute) => html`${capitalised}: ${attribute.name} (of ${attribute.owner_email}; used by ${recipeCount(attribute.recipe_count)}, which keep their other ${kind})`,
      async remove(trx, items) {
        await attributes.deleteAnyAttributes(trx, kind, items.map(({ id }) => id));
        return [];
      },
    });

  // The API's rule for a name, and its message for one the owner already has.
  async function checkName(form: Body): Promise<{ ok: true; name: string } | { ok: false; errors: FieldErrors }> {
    const result = await check(AttributeInput, form);
    return result.ok ? { ok: true, name: result.data.name } : { ok: false, errors: result.errors };
  }
  const taken = (error: unknown) => (error instanceof attributes.AttributeNameTakenError ? { name: [error.message] } : undefined);

  async function addPage(c: Context<AppEnv>, values: { name: string; owner: string }, errors: FieldErrors = {}, status: 200 | 400 = 200) {
    const layout = layoutFor(c);
    const body = html`<form method="post" action="${addPath}">
      ${csrfInput(layout.csrf)}
      ${formErrors(errors)}
      ${input({ label: 'Name', name: 'name', value: values.name, errors, required: true })}
      ${select({ label: 'Owner', name: 'owner', value: values.owner, choices: await ownerChoices(getDb()), blank: '---------', errors })}
      ${saveButtons()}
    </form>`;
    return c.html(await page({ title: `Add ${one}`, ...layout, body }), status);
  }

  const addForm: FunctionHandler = (c) => addPage(c, { name: '', owner: c.req.query('owner') ?? '' });

  const add: FunctionHandler = async (c) => {
    const form = await readForm(c);
    const values = { name: text(form, 'name'), owner: text(form, 'owner') };
    const errors: Record<string, string[]> = {};
    const name = await checkName(form);
    if (!name.ok) Object.assign(errors, name.errors);
    if (values.owner === '') errors.owner = ['This field is required.'];
    else if (!(await ownerChoices(getDb())).some(({ value }) => value === values.owner)) errors.owner = ['Select a valid choice. That choice is not one of the available choices.'];
    if (!name.ok || Object.keys(errors).length > 0) return addPage(c, values, errors, 400);
    const by = staffUser(c);
    let created;
    try {
      created = await getDb()
        .transaction()
        .execute(async (trx) => {
          const attribute = await attributes.createAttribute(trx, kind, Number(values.owner), name.name);
          await adminLog.record(trx, { by, objectType, objectId: attribute.id, objectRepr: attribute.name, action: 'added' });
          return attribute;
        });
    } catch (error) {
      const nameErrors = taken(error);
      if (nameErrors === undefined) throw error;
      return addPage(c, values, nameErrors, 400);
    }
    return afterSave(c, form, { kind: one, name: created.name, listPath, addPath, editPath: `${listPath}${created.id}/` }, true);
  };

  async function editPage(c: Context<AppEnv>, attribute: attributes.OwnedAttribute, name: string, errors: FieldErrors = {}, status: 200 | 400 = 200) {
    const layout = layoutFor(c);
    const body = html`${objectTools(`${listPath}${attribute.id}/history/`)}
      <form method="post" action="${listPath}${attribute.id}/">
        ${csrfInput(layout.csrf)}
        ${formErrors(errors)}
        ${input({ label: 'Name', name: 'name', value: name, errors, required: true })}
        <p class="readonly">Owner: ${attribute.owner_email} · Used by ${recipeCount(attribute.recipe_count)}</p>
        ${saveButtons(`${listPath}${attribute.id}/delete/`)}
      </form>`;
    return c.html(await page({ title: `Change ${one} “${attribute.name}”`, ...layout, body }), status);
  }

  const editForm: FunctionHandler = async (c) => {
    const attribute = await found(c);
    return editPage(c, attribute, attribute.name);
  };

  const change: FunctionHandler = async (c) => {
    const attribute = await found(c);
    const form = await readForm(c);
    const name = await checkName(form);
    if (!name.ok) return editPage(c, attribute, text(form, 'name'), name.errors, 400);
    const by = staffUser(c);
    try {
      await getDb()
        .transaction()
        .execute(async (trx) => {
          // The repository renames on behalf of an owner: the admin names this one's.
          if (name.name !== attribute.name) await attributes.renameAttribute(trx, kind, attribute.user_id, attribute.id, name.name);
          const message = changeMessage(name.name === attribute.name ? [] : ['name']);
          await adminLog.record(trx, { by, objectType, objectId: attribute.id, objectRepr: name.name, action: 'changed', message });
        });
    } catch (error) {
      const nameErrors = taken(error);
      if (nameErrors === undefined) throw error;
      return editPage(c, attribute, name.name, nameErrors, 400);
    }
    return afterSave(c, form, { kind: one, name: name.name, listPath, addPath, editPath: `${listPath}${attribute.id}/` }, false);
  };

  const history: FunctionHandler = async (c) => {
    const attribute = await found(c);
    return historyPage(c, objectType, attribute.id, attribute.name, `${listPath}${attribute.id}/`);
  };

  const confirmDelete: FunctionHandler = async (c) => {
    const attribute = await found(c);
    const question = html`Are you sure you want to delete the ${one} “${attribute.name}” of ${attribute.owner_email}?
      ${usedBy(attribute.recipe_count)}`;
    return deletePage(c, question, `${listPath}${attribute.id}/`);
  };

  const remove: FunctionHandler = async (c) => {
    const attribute = await found(c);
    await readForm(c);
    const by = staffUser(c);
    await getDb()
      .transaction()
      .execute(async (trx) => {
        await adminLog.record(trx, { by, objectType, objectId: attribute.id, objectRepr: attribute.name, action: 'deleted' });
        // The repository deletes on behalf of an owner: the admin names this one's.
        await attributes.deleteAttribute(trx, kind, attribute.user_id, attribute.id);
      });
    flash(c, `The ${one} “${attribute.name}” was deleted successfully.`);
    return c.redirect(listPath, 302);
  };

  return { list, deleteChosen, addForm, add, editForm, change, history, confirmDelete, remove };
}
