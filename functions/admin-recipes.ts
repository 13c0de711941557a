// /admin/recipes/ and below — every user's recipes: list (search, owner
// filter, sort, "Delete selected"), add, edit (tags, ingredients and image
// included), history, delete. The fields follow the API's rules.
import type { Context } from 'hono';
import { html } from 'hono/html';
import * as adminLog from '../lib/admin-log.ts';
import { afterSave } from '../lib/admin/after-save.ts';
import { createAdminApp, layoutFor, readForm } from '../lib/admin/app.ts';
import { listPage, perPage, sortOf } from '../lib/admin/change-list.ts';
import { deleteSelected } from '../lib/admin/delete-selected.ts';
import { changeMessage, historyPage } from '../lib/admin/history.ts';
import { csrfInput, deleteConfirmation, type FieldErrors, objectTools, page, saveButtons } from '../lib/admin/html.ts';
import { flash } from '../lib/admin/messages.ts';
import { chosenOwner, ownerFilter } from '../lib/admin/owners.ts';
import { blankRecipe, changedFields, checkRecipe, type CheckedRecipe, postedRecipe, recipeChoices, recipeFields, recipeFormLimit, type RecipeFormValues, recipeValues } from '../lib/admin/recipe-form.ts';
import { staffUser } from '../lib/admin/session.ts';
import { type Executor, getDb } from '../lib/db.ts';
import type { AppEnv } from '../lib/http/app.ts';
import { notFound } from '../lib/http/errors.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { mediaUrl } from '../lib/http/media-url.ts';
import { pathId } from '../lib/http/params.ts';
import { log } from '../lib/log.ts';
import { commitWithImage, storeRecipeImage } from '../lib/recipe-images.ts';
import * as recipes from '../lib/recipes.ts';
import { mediaStorage, removeMedia, StorageUnavailableError } from '../lib/storage.ts';

const app = createAdminApp('/admin/recipes/*');
const listPath = '/admin/recipes/';
const addPath = '/admin/recipes/add/';
const columns = [
  { key: 'title', label: 'Title' },
  { key: 'owner', label: 'Owner' },
  { key: 'price', label: 'Price' },
  { key: 'time_minutes', label: 'Time (minutes)' },
] as const;

async function foundRecipe(c: Context<AppEnv>): Promise<recipes.OwnedRecipeDetail> {
  const recipe = await recipes.findAnyRecipe(getDb(), pathId(c));
  if (recipe === undefined) throw notFound();
  return recipe;
}

app.get(listPath, async (c) =>
  listPage(c, {
    title: 'Recipes',
    path: listPath,
    columns,
    filters: [await ownerFilter(getDb())],
    async read(state) {
      const query = { search: state.query, ownerId: chosenOwner(state), sort: sortOf(state, recipes.recipeSortColumns) };
      const { recipes: rows, hasNext } = await recipes.listAllRecipes(getDb(), query, state.pageNumber, perPage);
      return { rows, hasNext };
    },
    row: (recipe) => ({
      id: recipe.id,
      name: recipe.title,
      cells: [html`<a href="${listPath}${recipe.id}/">${recipe.title}</a>`, recipe.owner_email, recipe.price, recipe.time_minutes],
    }),
    plural: 'recipes',
    add: { label: 'Add recipe', href: addPath },
  }),
);

app.post(listPath, (c) =>
  deleteSelected(c, {
    objectType: 'recipe',
    plural: 'recipes',
    nameOf: (recipe) => recipe.title,
    find: recipes.findAnyRecipes,
    describe: (recipe) => html`Recipe: ${recipe.title} (of ${recipe.owner_email})${recipe.image === null ? '' : html`<ul><li>Image: ${recipe.image}</li></ul>`}`,
    remove: (trx, items) => recipes.deleteAnyRecipes(trx, items.map(({ id }) => id)),
  }),
);

interface FormPage {
  readonly title: string;
  readonly action: string;
  readonly values: RecipeFormValues;
  readonly recipe?: recipes.OwnedRecipeDetail;
  readonly errors?: FieldErrors;
}

async function formPage(c: Context<AppEnv>, { title, action, values, recipe, errors = {} }: FormPage, status: 200 | 400 | 503 = 200) {
  const choices = await recipeChoices(getDb(), values.owner);
  // admin.js's background request for a new owner's choices: the fields
  // alone. The layout would take the message waiting for the page the user
  // sees next ("… was changed successfully").
  if (c.req.query('fragment') === 'choices') return c.html(recipeFields(values, choices, errors));
  const layout = layoutFor(c);
  const image = recipe?.image == null ? undefined : { path: recipe.image, url: mediaUrl(c, recipe.image) };
  const body = html`${recipe === undefined ? '' : objectTools(`${listPath}${recipe.id}/history/`)}
    <form class="recipe-form" method="post" action="${action}" enctype="multipart/form-data">
      ${csrfInput(layout.csrf)}
      ${recipeFields(values, choices, errors, image)}
      ${saveButtons(recipe === undefined ? undefined : `${listPath}${recipe.id}/delete/`)}
    </form>`;
  return c.html(await page({ title, ...layout, body }), status);
}

// ?owner= picks the owner before the form is sent: the page then offers that
// owner's tags and ingredients (admin.js asks for them, with
// &fragment=choices, when the owner changes).
app.get(addPath, (c) => formPage(c, { title: 'Add recipe', action: addPath, values: blankRecipe(c.req.query('owner') ?? '') }));

// A new image's file is stored before anything else, as the API's upload
// does: when the storage fails, nothing is changed and the form says so.
const imageNotStored = 'The image could not be stored, so nothing was saved. Try again shortly.';

/** The new image's file, once stored (undefined without a new image); false when the storage failed. */
async function storeImage(c: Context<AppEnv>, image: CheckedRecipe['image']): Promise<string | undefined | false> {
  if (image.kind !== 'replace') return undefined;
  try {
    return await storeRecipeImage(await mediaStorage(), image);
  } catch (error) {
    // An unreachable bucket is logged, with its cause, where it is raised (lib/storage/s3.ts).
    if (!(error instanceof StorageUnavailableError)) log.error('could not store an image', { request_id: c.get('requestId'), error });
    return false;
  }
}

/** Points the recipe at its new image (or none), in the change's transaction; the file no longer used. */
async function applyImage(trx: Executor, ownerId: number, recipeId: number, image: CheckedRecipe['image'], stored: string | undefined): Promise<string | null> {
  if (image.kind === 'keep') return null;
  const result = await recipes.setRecipeImage(trx, ownerId, recipeId, stored ?? null);
  return result?.previous ?? null;
}

app.post(addPath, async (c) => {
  const form = await readForm(c, recipeFormLimit());
  const values = postedRecipe(form);
  const result = await checkRecipe(form, await recipeChoices(getDb(), values.owner));
  if (!result.ok) return formPage(c, { title: 'Add recipe', action: addPath, values, errors: result.errors }, 400);
  const { ownerId, fields, image } = result.recipe;
  const stored = await storeImage(c, image);
  if (stored === false) return formPage(c, { title: 'Add recipe', action: addPath, values, errors: { image: [imageNotStored] } }, 503);
  const by = staffUser(c);
  const created = await commitWithImage(getDb(), await mediaStorage(), stored, async (trx) => {
    const recipe = await recipes.createRecipe(trx, ownerId, fields);
    const unused = await applyImage(trx, ownerId, recipe.id, image, stored);
    await adminLog.record(trx, { by, objectType: 'recipe', objectId: recipe.id, objectRepr: recipe.title, action: 'added' });
    return { value: recipe, unused };
  });
  return afterSave(c, form, { kind: 'recipe', name: created.title, listPath, addPath, editPath: `${listPath}${created.id}/` }, true);
});

app.get(`${listPath}:id/`, async (c) => {
  const recipe = await foundRecipe(c);
  const owner = c.req.query('owner');
  const values = { ...recipeValues(recipe), ...(owner === undefined ? {} : { owner }) };
  return formPage(c, { title: `Change recipe ${recipe.title}`, action: `${listPath}${recipe.id}/`, values, recipe });
});

app.post(`${listPath}:id/`, async (c) => {
  const recipe = await foundRecipe(c);
  const form = await readForm(c, recipeFormLimit());
  const values = postedRecipe(form);
  const result = await checkRecipe(form, await recipeChoices(getDb(), values.owner));
  if (!result.ok) return formPage(c, { title: `Change recipe ${recipe.title}`, action: `${listPath}${recipe.id}/`, values, recipe, errors: result.errors }, 400);
  const { ownerId, fields, image } = result.recipe;
  const stored = await storeImage(c, image);
  if (stored === false) {
    return formPage(c, { title: `Change recipe ${recipe.title}`, action: `${listPath}${recipe.id}/`, values, recipe, errors: { image: [imageNotStored] } }, 503);
  }
  const by = staffUser(c);
  await commitWithImage(getDb(), await mediaStorage(), stored, async (trx) => {
    // The repository writes a recipe on behalf of its owner: the admin names that owner.
    if (ownerId !== recipe.user_id) await recipes.changeRecipeOwner(trx, recipe.id, ownerId);
    // Deleted since it was read (by another staff member, or its owner): nothing to change or log.
    if (!(await recipes.updateRecipe(trx, ownerId, recipe.id, fields))) throw notFound();
    const unused = await applyImage(trx, ownerId, recipe.id, image, stored);
    const message = changeMessage(changedFields(recipeValues(recipe), values, result.recipe));
    await adminLog.record(trx, { by, objectType: 'recipe', objectId: recipe.id, objectRepr: fields.title, action: 'changed', message });
    return { value: undefined, unused };
  });
  return afterSave(c, form, { kind: 'recipe', name: fields.title, listPath, addPath, editPath: `${listPath}${recipe.id}/` }, false);
});

app.get(`${listPath}:id/history/`, async (c) => {
  const recipe = await foundRecipe(c);
  return historyPage(c, 'recipe', recipe.id, recipe.title, `${listPath}${recipe.id}/`);
});

app.get(`${listPath}:id/delete/`, async (c) => {
  const recipe = await foundRecipe(c);
  const question = html`Are you sure you want to delete the recipe “${recipe.title}” of ${recipe.owner_email}?${recipe.image === null ? '' : html` Its image ${recipe.image} is deleted with it.`}`;
  const body = deleteConfirmation({ question, action: `${listPath}${recipe.id}/delete/`, back: `${listPath}${recipe.id}/`, csrf: layoutFor(c).csrf });
  return c.html(await page({ title: 'Are you sure?', ...layoutFor(c), body }));
});

app.post(`${listPath}:id/delete/`, async (c) => {
  const recipe = await foundRecipe(c);
  await readForm(c);
  const by = staffUser(c);
  const deleted = await getDb()
    .transaction()
    .execute(async (trx) => {
      const row = await recipes.deleteRecipe(trx, recipe.user_id, recipe.id);
      await adminLog.record(trx, { by, objectType: 'recipe', objectId: recipe.id, objectRepr: recipe.title, action: 'deleted' });
      return row;
    });
  // The file goes once the row that points to it is gone.
  if (typeof deleted?.image === 'string') await removeMedia([deleted.image]);
  flash(c, `The recipe “${recipe.title}” was deleted successfully.`);
  return c.redirect(listPath, 302);
});

export default app;
export const handler = lambdaHandler(app);
