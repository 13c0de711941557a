// A recipe's image: the file and the row that points to it, changed in the
// order that never leaves a URL without its file.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ImageType } from './images.ts';
import { setRecipeImage } from './recipes.ts';
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
  // The file first, the row second: the row never points to a missing file.
  const saved = await storage.save('uploads/recipe', image.type.extension, image.bytes);
  const progress = { committing: false };
  let result;
  try {
    result = await db.transaction().execute(async (trx) => {
      const previous = await setRecipeImage(trx, userId, id, saved);
      progress.committing = true;
      return previous;
    });
  } catch (error) {
    // After a failed COMMIT nobody knows whether the row points to the new
    // file; keeping it then costs only disk space.
    if (!progress.committing) await discardFile(storage, saved);
    throw error;
  }
  if (result === undefined) {
    await discardFile(storage, saved);
    return undefined;
  }
  // Only now that the change has committed can the old file go.
  if (result.previous !== null) await discardFile(storage, result.previous);
  return saved;
}

/** Takes the image off one of the user's recipe's, then removes its file; false when the user has no such recipe. */
export async function clearRecipeImage(db: Kysely<Database>, storage: MediaStorage, userId: number, id: number): Promise<boolean> {
  const result = await db.transaction().execute((trx) => setRecipeImage(trx, userId, id, null));
  if (result === undefined) return false;
  if (result.previous !== null) await discardFile(storage, result.previous);
  return true;
}
