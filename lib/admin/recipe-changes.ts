// The admin's changes to recipes, each in one transaction with its admin log
// entry. A new image's file is stored before the transaction, as the API's
// upload does; the file no longer used is removed after it commits.
import * as adminLog from '../repositories/admin-log.ts';
import { getDb, type Executor } from '../database/pool.ts';
import { notFound } from '../http/errors.ts';
import { log } from '../log.ts';
import { commitWithImage, storeRecipeImage } from '../media/recipe-images.ts';
import { changeRecipeOwner, type OwnedRecipeDetail } from '../repositories/all-recipes.ts';
import type { RecipeDetailRow } from '../repositories/recipe-model.ts';
import * as recipes from '../repositories/recipes.ts';
import { mediaStorage, removeMedia, StorageUnavailableError } from '../media/storage.ts';
import { changeMessage } from './history.ts';
import { changedFields, type CheckedRecipe, type RecipeFormValues, recipeValues } from './recipe-form.ts';

type StaffMember = adminLog.LogEntry['by'];

/** What the form says when the new image's file could not be stored (and so nothing was saved). */
export const imageNotStored = 'The image could not be stored, so nothing was saved. Try again shortly.';

/** Thrown when the new image could not be stored: nothing was changed. */
export class ImageNotStoredError extends Error {}

/** The new image's file, once stored (undefined without a new image). */
async function storeImage(image: CheckedRecipe['image'], requestId: string): Promise<string | undefined> {
  if (image.kind !== 'replace') return undefined;
  try {
    return await storeRecipeImage(await mediaStorage(), image);
  } catch (error) {
    // An unreachable bucket is logged, with its cause, where it is raised (lib/media/s3-storage.ts).
    if (!(error instanceof StorageUnavailableError)) log.error('could not store an image', { request_id: requestId, error });
    throw new ImageNotStoredError();
  }
}

/** Points the recipe at its new image (or none), in the change's transaction; the file no longer used. */
async function applyImage(trx: Executor, ownerId: number, recipeId: number, image: CheckedRecipe['image'], stored: string | undefined): Promise<string | null> {
  if (image.kind === 'keep') return null;
  const result = await recipes.setRecipeImage(trx, ownerId, recipeId, stored ?? null);
  return result?.previous ?? null;
}

export async function addRecipe(by: StaffMember, { ownerId, fields, image }: CheckedRecipe, requestId: string): Promise<RecipeDetailRow> {
  const stored = await storeImage(image, requestId);
  return commitWithImage(getDb(), await mediaStorage(), stored, async (trx) => {
    const recipe = await recipes.createRecipe(trx, ownerId, fields);
    const unused = await applyImage(trx, ownerId, recipe.id, image, stored);
    await adminLog.record(trx, { by, objectType: 'recipe', objectId: recipe.id, objectRepr: recipe.title, action: 'added' });
    return { value: recipe, unused };
  });
}

/** Changes `recipe` as checked; a 404 when it was deleted since it was read. */
export async function changeRecipe(by: StaffMember, recipe: OwnedRecipeDetail, posted: RecipeFormValues, checked: CheckedRecipe, requestId: string): Promise<void> {
  const { ownerId, fields, image } = checked;
  const stored = await storeImage(image, requestId);
  await commitWithImage(getDb(), await mediaStorage(), stored, async (trx) => {
    // The repository writes a recipe on behalf of its owner: the admin names that owner.
    if (ownerId !== recipe.user_id) await changeRecipeOwner(trx, recipe.id, ownerId);
    // Deleted since it was read (by another staff member, or its owner): nothing to change or log.
    if (!(await recipes.updateRecipe(trx, ownerId, recipe.id, fields))) throw notFound();
    const unused = await applyImage(trx, ownerId, recipe.id, image, stored);
    const message = changeMessage(changedFields(recipeValues(recipe), posted, checked));
    await adminLog.record(trx, { by, objectType: 'recipe', objectId: recipe.id, objectRepr: fields.title, action: 'changed', message });
    return { value: undefined, unused };
  });
}

export async function deleteRecipe(by: StaffMember, recipe: OwnedRecipeDetail): Promise<void> {
  const deleted = await getDb()
    .transaction()
    .execute(async (trx) => {
      const row = await recipes.deleteRecipe(trx, recipe.user_id, recipe.id);
      await adminLog.record(trx, { by, objectType: 'recipe', objectId: recipe.id, objectRepr: recipe.title, action: 'deleted' });
      return row;
    });
  // The file goes once the row that points to it is gone.
  if (typeof deleted?.image === 'string') await removeMedia([deleted.image]);
}
