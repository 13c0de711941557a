// Where uploaded files live: the local folder MEDIA_ROOT (the default), or an
// S3 bucket when MEDIA_BUCKET is set. Callers see one MediaStorage either way.
import { loadConfig } from '../config.ts';
import { log } from '../log.ts';
import { fileSystemStorage } from './file-system-storage.ts';
import type { MediaStorage } from './media-storage.ts';

export { mediaCacheControl, type MediaStorage, type StoredFileInfo, StorageUnavailableError } from './media-storage.ts';

let selected: Promise<MediaStorage> | undefined;

/** The storage the API uses, chosen once per process from the configuration. */
export function mediaStorage(): Promise<MediaStorage> {
  selected ??= select();
  return selected;
}

async function select(): Promise<MediaStorage> {
  const { mediaBucket, mediaRoot } = loadConfig();
  if (mediaBucket === null) return fileSystemStorage(mediaRoot);
  // The AWS SDK takes ~40-60 ms to load: only a process that stores in S3,
  // and only once it first touches a file, pays for it.
  const { s3Storage } = await import('./s3-storage.ts');
  return s3Storage(mediaBucket);
}

/**
 * Removes a file the database no longer points to. A failure is logged, not
 * thrown: the database change is already committed, and a file left over
 * costs only storage.
 */
export async function discardFile(storage: MediaStorage, file: string): Promise<void> {
  try {
    await storage.remove(file);
  } catch (error) {
    log.warn('could not remove a media file', { file, error });
  }
}

/** discardFile for files of the media storage (a deleted recipe's, a deleted user's recipes'); never throws. */
export async function removeMedia(files: readonly string[]): Promise<void> {
  if (files.length === 0) return;
  let storage: MediaStorage;
  try {
    storage = await mediaStorage();
  } catch (error) {
    log.warn('could not remove media files', { files, error });
    return;
  }
  for (const file of files) await discardFile(storage, file);
}
