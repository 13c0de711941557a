// /admin/recipes/ and below — every user's recipes: list (search, owner
// filter, sort, "Delete selected"), add, edit (tags, ingredients and image
// included), history, delete. The fields follow the API's rules.
import type { Context } from 'hono';
import { html } from 'hono/html';
import { afterSave } from '../lib/admin/after-save.ts';
import { createAdminApp, deletePage, readForm } from '../lib/admin/app.ts';
import { deleteSelected } from '../lib/admin/delete-selected.ts';
import { historyPage } from '../lib/admin/history.ts';
import { flash } from '../lib/admin/messages.ts';
import { addRecipe, changeRecipe, deleteRecipe, ImageNotStoredError, imageNotStored } from '../lib/admin/recipe-changes.ts';
import { blankRecipe, checkRecipe, postedRecipe, recipeChoices, recipeFormLimit, recipeValues } from '../lib/admin/recipe-form.ts';
import { recipeFormPage, recipeListPage } from '../lib/admin/recipe-pages.ts';
import { staffUser } from '../lib/admin/session.ts';
import { getDb } from '../lib/database/pool.ts';
import type { AppEnv } from '../lib/http/app.ts';
import { requestIdOf } from '../lib/http/general-rules.ts';
import { notFound } from '../lib/http/errors.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { pathParams } from '../lib/http/params.ts';
import * as allRecipes from '../lib/repositories/all-recipes.ts';

const app = createAdminApp('/admin/recipes/*');
const listPath = '/admin/recipes/';
const addPath = '/admin/recipes/add/';

async function foundRecipe(c: Context<AppEnv>): Promise<allRecipes.OwnedRecipeDetail> {
  const recipe = await allRecipes.findAnyRecipe(getDb(), pathParams(c).id);
  if (recipe === undefined) throw notFound();
  return recipe;
}

app.get(listPath, (c) => recipeListPage(c));

app.post(listPath, (c) =>
  deleteSelected(c, {
    objectType: 'recipe',
    plural: 'recipes',
    nameOf: (recipe) => recipe.title,
    find: allRecipes.findAnyRecipes,
    describe: (recipe) => html`Recipe: ${recipe.title} (of ${recipe.owner_email})${recipe.image === null ? '' : html`<ul><li>Image: ${recipe.image}</li></ul>`}`,
    remove: (trx, items) => allRecipes.deleteAnyRecipes(trx, items.map(({ id }) => id)),
  }),
);

// ?owner= picks the owner before the form is sent: the page then offers that
// owner's tags and ingredients (admin.js asks for them, with
// &fragment=choices, when the owner changes).
app.get(addPath, (c) => recipeFormPage(c, { values: blankRecipe(c.req.query('owner') ?? '') }));

app.post(addPath, async (c) => {
  const form = await readForm(c, recipeFormLimit());
  const values = postedRecipe(form);
  const result = await checkRecipe(form, await recipeChoices(getDb(), values.owner));
  if (!result.ok) return recipeFormPage(c, { values, errors: result.errors }, 400);
  try {
    const created = await addRecipe(staffUser(c), result.recipe, requestIdOf(c.req.raw));
    return afterSave(c, form, { kind: 'recipe', name: created.title, listPath, addPath, editPath: `${listPath}${created.id}/` }, true);
  } catch (error) {
    if (error instanceof ImageNotStoredError) return recipeFormPage(c, { values, errors: { image: [imageNotStored] } }, 503);
    throw error;
  }
});

app.get(`${listPath}:id/`, async (c) => {
  const recipe = await foundRecipe(c);
  const owner = c.req.query('owner');
  return recipeFormPage(c, { values: { ...recipeValues(recipe), ...(owner === undefined ? {} : { owner }) }, recipe });
});

app.post(`${listPath}:id/`, async (c) => {
  const recipe = await foundRecipe(c);
  const form = await readForm(c, recipeFormLimit());
  const values = postedRecipe(form);
  const result = await checkRecipe(form, await recipeChoices(getDb(), values.owner));
  if (!result.ok) return recipeFormPage(c, { values, recipe, errors: result.errors }, 400);
  try {
    await changeRecipe(staffUser(c), recipe, values, result.recipe, requestIdOf(c.req.raw));
  } catch (error) {
    if (error instanceof ImageNotStoredError) return recipeFormPage(c, { values, recipe, errors: { image: [imageNotStored] } }, 503);
    throw error;
  }
  return afterSave(c, form, { kind: 'recipe', name: result.recipe.fields.title, listPath, addPath, editPath: `${listPath}${recipe.id}/` }, false);
});

app.get(`${listPath}:id/history/`, async (c) => {
  const recipe = await foundRecipe(c);
  return historyPage(c, 'recipe', recipe.id, recipe.title, `${listPath}${recipe.id}/`);
});

app.get(`${listPath}:id/delete/`, async (c) => {
  const recipe = await foundRecipe(c);
  const question = html`Are you sure you want to delete the recipe “${recipe.title}” of ${recipe.owner_email}?${recipe.image === null ? '' : html` Its image ${recipe.image} is deleted with it.`}`;
  return deletePage(c, question, `${listPath}${recipe.id}/`);
});

app.post(`${listPath}:id/delete/`, async (c) => {
  const recipe = await foundRecipe(c);
  await readForm(c);
  await deleteRecipe(staffUser(c), recipe);
  flash(c, `The recipe “${recipe.title}” was deleted successfully.`);
  return c.redirect(listPath, 302);
});

export default app;
export const handler = lambdaHandler(app);
