// The admin's recipe pages: the change list (search, owner filter, sorting)
// and the add/edit form around lib/admin/recipe-form.ts's fields.
import type { Context } from 'hono';
import { html } from 'hono/html';
import { getDb } from '../database/pool.ts';
import type { AppEnv } from '../http/app.ts';
import { mediaUrl } from '../http/media-url.ts';
import { listAllRecipes, type OwnedRecipeDetail, recipeSortColumns } from '../repositories/all-recipes.ts';
import { staffPage } from './app.ts';
import { listPage, perPage, sortOf } from './change-list.ts';
import { csrfToken } from './csrf.ts';
import { csrfInput, type FieldErrors, objectTools, saveButtons } from './html.ts';
import { chosenOwner, ownerFilter } from './owners.ts';
import { recipeChoices, recipeFields, type RecipeFormValues } from './recipe-form.ts';

const listPath = '/admin/recipes/';
const columns = [
  { key: 'title', label: 'Title' },
  { key: 'owner', label: 'Owner' },
  { key: 'price', label: 'Price' },
  { key: 'time_minutes', label: 'Time (minutes)' },
] as const;

export async function recipeListPage(c: Context<AppEnv>): Promise<Response> {
  return listPage(c, {
    title: 'Recipes',
    path: listPath,
    columns,
    filters: [await ownerFilter(getDb())],
    async read(state) {
      const query = { search: state.query, ownerId: chosenOwner(state), sort: sortOf(state, recipeSortColumns) };
      const { recipes: rows, hasNext } = await listAllRecipes(getDb(), query, state.pageNumber, perPage);
      return { rows, hasNext };
    },
    row: (recipe) => ({
      id: recipe.id,
      name: recipe.title,
      cells: [html`<a href="${listPath}${recipe.id}/">${recipe.title}</a>`, recipe.owner_email, recipe.price, recipe.time_minutes],
    }),
    plural: 'recipes',
    add: { label: 'Add recipe', href: `${listPath}add/` },
  });
}

export interface RecipeFormPage {
  readonly values: RecipeFormValues;
  /** The recipe being changed; none on the add page. */
  readonly recipe?: OwnedRecipeDetail;
  readonly errors?: FieldErrors;
}

export async function recipeFormPage(c: Context<AppEnv>, { values, recipe, errors = {} }: RecipeFormPage, status: 200 | 400 | 503 = 200): Promise<Response> {
  const choices = await recipeChoices(getDb(), values.owner);
  // admin.js's background request for a new owner's choices: the fields
  // alone. The layout would take the message waiting for the page the user
  // sees next ("… was changed successfully").
  if (c.req.query('fragment') === 'choices') return c.html(recipeFields(values, choices, errors));
  const image = recipe?.image == null ? undefined : { path: recipe.image, url: mediaUrl(c, recipe.image) };
  const objectPath = recipe === undefined ? `${listPath}add/` : `${listPath}${recipe.id}/`;
  const body = html`${recipe === undefined ? '' : objectTools(`${objectPath}history/`)}
    <form class="recipe-form" method="post" action="${objectPath}" enctype="multipart/form-data">
      ${csrfInput(csrfToken(c))}
      ${recipeFields(values, choices, errors, image)}
      ${saveButtons(recipe === undefined ? undefined : `${objectPath}delete/`)}
    </form>`;
  return staffPage(c, recipe === undefined ? 'Add recipe' : `Change recipe ${recipe.title}`, body, status);
}
