// A recipe's image: the file and the row that points to it, changed in the
// order that never leaves a URL without its file.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ImageType } from './images.ts';
import { setRecipeImage } from '../repositories/recipes.ts';
import { discardFile, type MediaStorage } from './storage.ts';

/**
 * Stores an image as one of the user's recipe's, replacing (and then
 * removing) the file it had; resolves to the new file's path, or undefined
 * when the user has no such recipe (nothing is kept then).
 */
export async function replaceRecipeImage(
  db: Kysely<Database>,
  storage: MediaStorage,
  userId: number,
  id: number,
  image: { readonly type: ImageType; readonly bytes: Uint8Array },
): Promise<string | undefined> {
  const saved = await storeRecipeImage(storage, image);
  return commitWithImage(db, storage, saved, async (trx) => {
    const result = await setRecipeImage(trx, userId, id, saved);
    return result === undefined ? { value: undefined, unused: saved } : { value: saved, unused: result.previous };
  });
}

/** The file first, the row second (commitWithImage): the row never points to a missing file. */
export function storeRecipeImage(storage: MediaStorage, image: { readonly type: ImageType; readonly bytes: Uint8Array }): Promise<string> {
  return storage.save('uploads/recipe', image.type.extension, image.bytes);
}

/**
 * Runs `change` in one transaction, `stored` (a new file of
 * storeRecipeImage, if any) already saved. `change` resolves to its value and
 * the file no row points to any more (the image replaced, or `stored` itself
 * when it was not used), which goes once the change has committed; `stored`
 * goes when the change fails before its COMMIT.
 */
export async function commitWithImage<T>(
  db: Kysely<Database>,
  storage: MediaStorage,
  stored: string | undefined,
  change: (trx: Transaction<Database>) => Promise<{ readonly value: T; readonly unused: string | null }>,
): Promise<T> {
  const progress = { committing: false };
  let outcome;
  try {
    outcome = await db.transaction().execute(async (trx) => {
      const changed = await change(trx);
      progress.committing = true;
      return changed;
    });
  } catch (error) {
    // After a failed COMMIT nobody knows whether the row points to the new
    // file; keeping it then costs only disk space.
    if (!progress.committing && stored !== undefined) await discardFile(storage, stored);
    throw error;
  }
  // Only now that the change has committed can the unused file go.
  if (outcome.unused !== null) await discardFile(storage, outcome.unused);
  return outcome.value;
}

/** Takes the image off one of the user's recipe's, then removes its file; false when the user has no such recipe. */
export async function clearRecipeImage(db: Kysely<Database>, storage: MediaStorage, userId: number, id: number): Promise<boolean> {
  const result = await db.transaction().execute((trx) => setRecipeImage(trx, userId, id, null));
  if (result === undefined) return false;
  if (result.previous !== null) await discardFile(storage, result.previous);
  return true;
}
