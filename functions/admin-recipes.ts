// /admin/recipes/ and below — every user's recipes: list, edit, delete (the
// image file with the row). The fields follow the API's rules.
import type { Context } from 'hono';
import { html } from 'hono/html';
import { createAdminApp, layoutFor, listQuery, readForm, text } from '../lib/admin/app.ts';
import { csrfInput, deleteConfirmation, type FieldErrors, formErrors, input, page, pager, saveOrDelete, searchForm, textarea } from '../lib/admin/html.ts';
import { getDb } from '../lib/db.ts';
import type { AppEnv } from '../lib/http/app.ts';
import { notFound } from '../lib/http/errors.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { mediaUrl } from '../lib/http/media-url.ts';
import { pathId } from '../lib/http/params.ts';
import { RecipeInput } from '../lib/http/recipe-fields.ts';
import { check } from '../lib/http/validation.ts';
import * as recipes from '../lib/recipes.ts';
import { removeMedia } from '../lib/storage.ts';

const app = createAdminApp('/admin/recipes/*');
const perPage = 100;
// What the edit page changes; tags, ingredients and the image stay as they are.
const recipeForm = RecipeInput.pick({ title: true, time_minutes: true, price: true, link: true, description: true });
const formFields = ['title', 'time_minutes', 'price', 'link', 'description'] as const;
type RecipeFormValues = Record<(typeof formFields)[number], string>;

async function foundRecipe(c: Context<AppEnv>): Promise<recipes.OwnedRecipeDetail> {
  const recipe = await recipes.findAnyRecipe(getDb(), pathId(c));
  if (recipe === undefined) throw notFound();
  return recipe;
}

app.get('/admin/recipes/', async (c) => {
  const { query, pageNumber } = listQuery(c);
  const { recipes: rows, hasNext } = await recipes.listAllRecipes(getDb(), query, pageNumber, perPage);
  const body = html`${searchForm('/admin/recipes/', query)}
    <table>
      <thead><tr><th>Title</th><th>Owner</th><th>Price</th><th>Time (minutes)</th></tr></thead>
      <tbody>
        ${rows.map((recipe) => html`<tr>
          <td><a href="/admin/recipes/${recipe.id}/">${recipe.title}</a></td>
          <td>${recipe.owner_email}</td>
          <td>${recipe.price}</td>
          <td>${recipe.time_minutes}</td>
        </tr>`)}
      </tbody>
    </table>
    ${rows.length === 0 ? html`<p>No recipes found.</p>` : ''}
    ${pager('/admin/recipes/', query, pageNumber, hasNext)}`;
  return c.html(await page({ title: 'Recipes', ...layoutFor(c), body }));
});

async function editPage(c: Context<AppEnv>, recipe: recipes.OwnedRecipeDetail, values: RecipeFormValues, errors: FieldErrors = {}, status: 200 | 400 = 200) {
  const { csrf } = layoutFor(c);
  const names = (list: readonly { name: string }[]) => (list.length === 0 ? 'none' : list.map(({ name }) => name).join(', '));
  const body = html`<form method="post" action="/admin/recipes/${recipe.id}/">
    ${csrfInput(csrf)}
    ${formErrors(errors)}
    <p class="readonly">Owner: ${recipe.owner_email} · Tags: ${names(recipe.tags)} · Ingredients: ${names(recipe.ingredients)}
      · Image: ${recipe.image === null ? 'none' : html`<a href="${mediaUrl(c, recipe.image)}">${recipe.image}</a>`}</p>
    ${input({ label: 'Title', name: 'title', value: values.title, errors, required: true })}
    ${input({ label: 'Time (minutes)', name: 'time_minutes', type: 'number', value: values.time_minutes, errors, required: true })}
    ${input({ label: 'Price', name: 'price', value: values.price, errors, required: true })}
    ${input({ label: 'Link', name: 'link', value: values.link, errors })}
    ${textarea({ label: 'Description', name: 'description', value: values.description, errors })}
    ${saveOrDelete(`/admin/recipes/${recipe.id}/delete/`)}
  </form>`;
  return c.html(await page({ title: `Change recipe ${recipe.title}`, ...layoutFor(c), body }), status);
}

app.get('/admin/recipes/:id/', async (c) => {
  const recipe = await foundRecipe(c);
  const { title, time_minutes, price, link, description } = recipe;
  return editPage(c, recipe, { title, time_minutes: String(time_minutes), price, link, description });
});

app.post('/admin/recipes/:id/', async (c) => {
  const recipe = await foundRecipe(c);
  const form = await readForm(c);
  const result = await check(recipeForm, form);
  if (!result.ok) {
    const values = Object.fromEntries(formFields.map((name) => [name, text(form, name)])) as RecipeFormValues;
    return editPage(c, recipe, values, result.errors, 400);
  }
  // The repository writes a recipe on behalf of its owner: the admin names that owner.
  await recipes.updateRecipe(getDb(), recipe.user_id, recipe.id, result.data);
  return c.redirect('/admin/recipes/', 302);
});

app.get('/admin/recipes/:id/delete/', async (c) => {
  const recipe = await foundRecipe(c);
  const question = html`Are you sure you want to delete the recipe “${recipe.title}” of ${recipe.owner_email}?${recipe.image === null ? '' : ' Its image is deleted with it.'}`;
  const body = deleteConfirmation({ question, action: `/admin/recipes/${recipe.id}/delete/`, back: `/admin/recipes/${recipe.id}/`, csrf: layoutFor(c).csrf });
  return c.html(await page({ title: 'Are you sure?', ...layoutFor(c), body }));
});

app.post('/admin/recipes/:id/delete/', async (c) => {
  const recipe = await foundRecipe(c);
  await readForm(c);
  const deleted = await recipes.deleteRecipe(getDb(), recipe.user_id, recipe.id);
  // The file goes once the row that points to it is gone.
  if (typeof deleted?.image === 'string') await removeMedia([deleted.image]);
  return c.redirect('/admin/recipes/', 302);
});

export default app;
export const handler = lambdaHandler(app);
