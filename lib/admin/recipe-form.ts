// The admin's recipe form: the API's fields and rules (recipe-model.ts,
// RecipeInput), an owner chosen among the users, tags and ingredients chosen
// among that owner's, and an image checked as the API's upload checks it.
import { html } from 'hono/html';
import { loadConfig } from '../config.ts';
import type { Executor } from '../database/pool.ts';
import type { Body } from '../http/body.ts';
import { HttpError } from '../http/errors.ts';
import { imageField, invalidImage } from '../http/image-field.ts';
import { tooManyItemsMessage } from '../http/fields.ts';
import { maxAttributesPerRecipe, RecipeInput } from '../http/recipe-fields.ts';
import { check } from '../http/validation.ts';
import { detectImage, type ImageType } from '../media/images.ts';
import { type Attribute, type AttributeKind, listAttributes } from '../repositories/recipe-attributes.ts';
import type { OwnedRecipeDetail } from '../repositories/all-recipes.ts';
import { fieldDefinitions, type RecipeFields, type WritableColumn, writableColumns } from '../repositories/recipe-model.ts';
import { text, ticked } from './app.ts';
import { type Choice, errorList, type FieldErrors, formErrors, type Html, input, select, textarea } from './html.ts';
import { ownerChoices } from './owners.ts';

/** Room for the multipart envelope around a file of the maximum size (as the API's upload allows). */
export const recipeFormLimit = () => loadConfig().maxUploadBytes + 64 * 1024;

const fieldsSchema = RecipeInput.omit({ tags: true, ingredients: true });

/** The form as typed: what a page shows again after an error. */
export type RecipeFormValues = { readonly [C in WritableColumn]: string } & {
  readonly owner: string;
  /** Chosen ids, as the form sends them. */
  readonly tags: readonly string[];
  readonly ingredients: readonly string[];
};

/** A field's value as the form shows it: '' for none. */
const formText = (value: string | number | null | undefined) => (value === null || value === undefined ? '' : String(value));

/** Each written field as the form shows it. */
function fieldTexts(text: (column: WritableColumn) => string): { [C in WritableColumn]: string } {
  return Object.fromEntries(writableColumns.map((column) => [column, text(column)])) as { [C in WritableColumn]: string };
}

export const blankRecipe = (owner = ''): RecipeFormValues => ({ ...fieldTexts(() => ''), owner, tags: [], ingredients: [] });

export function recipeValues(recipe: OwnedRecipeDetail): RecipeFormValues {
  return {
    ...fieldTexts((column) => formText(recipe[column])),
    owner: String(recipe.user_id),
    tags: recipe.tags.map(({ id }) => String(id)),
    ingredients: recipe.ingredients.map(({ id }) => String(id)),
  };
}

function list(form: Body, name: string): string[] {
  const value = form[name];
  return (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
}

export function postedRecipe(form: Body): RecipeFormValues {
  return { ...fieldTexts((column) => text(form, column)), owner: text(form, 'owner'), tags: list(form, 'tags'), ingredients: list(form, 'ingredients') };
}

/** What the owner field and the tag and ingredient boxes offer. */
export interface RecipeChoices {
  readonly owners: readonly Choice[];
  /** The chosen owner's, by name; none before an owner is chosen. */
  readonly tags: readonly Attribute[];
  readonly ingredients: readonly Attribute[];
}

export async function recipeChoices(db: Executor, owner: string): Promise<RecipeChoices> {
  const owners = await ownerChoices(db);
  const ownerId = owners.some(({ value }) => value === owner) ? Number(owner) : undefined;
  // The repository lists by name descending (the API's order); a form reads better A to Z.
  const of = async (kind: AttributeKind) => (ownerId === undefined ? [] : (await listAttributes(db, kind, ownerId, false)).reverse());
  return { owners, tags: await of('tags'), ingredients: await of('ingredients') };
}

export type ImageChange = { readonly kind: 'keep' } | { readonly kind: 'clear' } | { readonly kind: 'replace'; readonly type: ImageType; readonly bytes: Uint8Array };

export interface CheckedRecipe {
  readonly ownerId: number;
  /** With the chosen tags and ingredients by name, as the repository takes them. */
  readonly fields: RecipeFields & { tags: { name: string }[]; ingredients: { name: string }[] };
  readonly image: ImageChange;
}

const invalidChoice = (value: string) => `Select a valid choice. ${value} is not one of the available choices.`;

/** The form checked by the API's rules; every problem next to its field. */
export async function checkRecipe(form: Body, choices: RecipeChoices): Promise<{ ok: true; recipe: CheckedRecipe } | { ok: false; errors: FieldErrors }> {
  const errors: Record<string, string[]> = {};
  const owner = text(form, 'owner');
  if (owner === '') errors.owner = ['This field is required.'];
  else if (!choices.owners.some(({ value }) => value === owner)) errors.owner = ['Select a valid choice. That choice is not one of the available choices.'];
  const fields = await check(fieldsSchema, form);
  if (!fields.ok) Object.assign(errors, fields.errors);
  const chosen = (kind: AttributeKind) => {
    const offered = new Map(choices[kind].map((attribute) => [String(attribute.id), attribute.name]));
    const picked = [...new Set(list(form, kind))];
    const wrong = picked.find((id) => !offered.has(id));
    if (wrong !== undefined && errors.owner === undefined) errors[kind] = [invalidChoice(wrong)];
    // The API's bound on one recipe's list, in its words.
    else if (picked.length > maxAttributesPerRecipe) errors[kind] = [tooManyItemsMessage(maxAttributesPerRecipe)];
    return picked.flatMap((id) => (offered.has(id) ? [{ name: offered.get(id) ?? '' }] : []));
  };
  const tags = chosen('tags');
  const ingredients = chosen('ingredients');
  const image = await imageChange(form);
  if ('error' in image) errors.image = [image.error];
  if (!fields.ok || Object.keys(errors).length > 0 || 'error' in image) return { ok: false, errors };
  return { ok: true, recipe: { ownerId: Number(owner), fields: { ...fields.data, tags, ingredients }, image } };
}

// Django's ClearableFileInput: no file chosen keeps the image, "Clear" removes
// it, a file replaces it once it passes the API's checks.
async function imageChange(form: Body): Promise<ImageChange | { error: string }> {
  const value: unknown = Array.isArray(form.image) ? form.image.at(-1) : form.image;
  const none = value === undefined || value === '' || (value instanceof File && value.name === '' && value.size === 0);
  if (none) return ticked(form, 'image_clear') ? { kind: 'clear' } : { kind: 'keep' };
  if (ticked(form, 'image_clear')) return { error: 'Please either submit a file or check the clear checkbox, not both.' };
  let file: File;
  try {
    file = imageField(form);
  } catch (error) {
    if (error instanceof HttpError && Array.isArray(error.body.image)) return { error: String(error.body.image[0]) };
    throw error;
  }
  const { maxUploadBytes } = loadConfig();
  if (file.size > maxUploadBytes) return { error: `Ensure this file is no larger than ${maxUploadBytes} bytes (it has ${file.size}).` };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = await detectImage(bytes);
  if (type === undefined) return { error: String((invalidImage().body.image as string[])[0]) };
  return { kind: 'replace', type, bytes };
}

/** The labels of the fields a save changes, for the admin log ("Changed title and tags."); `posted` has passed checkRecipe as `after`. */
export function changedFields(before: RecipeFormValues, posted: RecipeFormValues, after: CheckedRecipe): string[] {
  const ids = (values: readonly string[]) => [...new Set(values)].sort().join(',');
  const { fields } = after;
  const labels: string[] = [];
  if (before.owner !== String(after.ownerId)) labels.push('owner');
  for (const column of writableColumns) {
    if (before[column] !== formText(fields[column])) labels.push(fieldDefinitions[column].changeLabel ?? column);
  }
  if (ids(before.tags) !== ids(posted.tags)) labels.push('tags');
  if (ids(before.ingredients) !== ids(posted.ingredients)) labels.push('ingredients');
  if (after.image.kind !== 'keep') labels.push('image');
  return labels;
}

// The input for a written field, as its definition says.
function fieldInput(column: WritableColumn, value: string, errors: FieldErrors): Html {
  const { label = column, write, type } = fieldDefinitions[column];
  if (type.kind === 'text' && type.multiline === true) return textarea({ label, name: column, value, errors });
  return input({ label, name: column, type: type.kind === 'integer' ? 'number' : 'text', value, errors, required: write === 'required' });
}

function choiceBox(kind: AttributeKind, label: string, offered: readonly Attribute[], chosen: readonly string[], ownerChosen: boolean, errors: FieldErrors): Html {
  const fieldErrors = errors[kind] ?? [];
  return html`<fieldset class="field choices${fieldErrors.length > 0 ? ' has-errors' : ''}" id="${kind}-choices">
    <legend>${label}</legend>
    ${offered.length > 0 ? html`<input type="search" class="choice-filter" aria-label="Filter ${kind}" placeholder="Filter" hidden>` : ''}
    ${offered.length > 0
      ? html`<ul>${offered.map(
          (attribute) => html`<li><label><input type="checkbox" name="${kind}" value="${attribute.id}"${chosen.includes(String(attribute.id)) ? html` checked` : ''}> ${attribute.name}</label></li>`,
        )}</ul>`
      : html`<p class="readonly">${ownerChosen ? `The owner has no ${kind} yet.` : `Choose the owner to see their ${kind}.`}</p>`}
    ${errorList(kind, fieldErrors)}
  </fieldset>`;
}

/** The form's fields, errors next to them; `image` is the recipe's current file and its URL. */
export function recipeFields(values: RecipeFormValues, choices: RecipeChoices, errors: FieldErrors, image?: { path: string; url: string }): Html {
  const ownerChosen = choices.owners.some(({ value }) => value === values.owner);
  const imageErrors = errors.image ?? [];
  return html`${formErrors(errors)}
    ${select({ label: 'Owner', name: 'owner', value: values.owner, choices: choices.owners, blank: '---------', errors })}
    ${writableColumns.map((column) => fieldInput(column, values[column], errors))}
    ${choiceBox('tags', 'Tags', choices.tags, values.tags, ownerChosen, errors)}
    ${choiceBox('ingredients', 'Ingredients', choices.ingredients, values.ingredients, ownerChosen, errors)}
    <div class="field${imageErrors.length > 0 ? ' has-errors' : ''}">
      <label for="id_image">Image</label>
      ${image === undefined
        ? ''
        : html`<p class="readonly">Currently: <a href="${image.url}">${image.path}</a></p>
          <div class="checkbox"><input id="id_image_clear" name="image_clear" type="checkbox"> <label for="id_image_clear">Clear</label></div>`}
      <input id="id_image" name="image" type="file" accept="image/jpeg,image/png,image/gif,image/webp"${imageErrors.length > 0 ? html` aria-invalid="true" aria-describedby="errors_image"` : ''}>
      ${errorList('image', imageErrors)}
    </div>`;
}
