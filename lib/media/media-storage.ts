// What every place that keeps uploaded files offers (the local folder, an S3
// bucket), and the rules they share: which paths can be stored, how a stored
// file may be cached, and the error that says the store cannot be reached.

export interface StoredFileInfo {
  readonly size: number;
  readonly modified: Date;
}

export interface OpenedFile extends StoredFileInfo {
  readonly stream: ReadableStream<Uint8Array>;
}

export interface MediaStorage {
  /** Stores the bytes as a new file `<folder>/<uuid4>.<extension>` and resolves to that path once it is durable and whole. */
  save(folder: string, extension: string, bytes: Uint8Array): Promise<string>;
  /** Removes a file; one that is already gone is not an error. */
  remove(file: string): Promise<void>;
  /** Size and time of a stored file; undefined when there is none at this path or the path could lead elsewhere. */
  stat(file: string): Promise<StoredFileInfo | undefined>;
  /** The same, with the file's content; the caller must consume or cancel the stream. */
  open(file: string): Promise<OpenedFile | undefined>;
}

/**
 * The store cannot be used right now (a bucket that does not answer, refuses
 * our credentials, or is missing). Nothing was changed; the API answers 503.
 */
export class StorageUnavailableError extends Error {
  override name = 'StorageUnavailableError';
}

/** Stored names are UUIDs never reused, so a copy of a file never goes stale. */
export const mediaCacheControl = 'public, max-age=31536000, immutable';

/**
 * The segments of a stored path, or undefined when it could name anything
 * but a file we store: `.`/`..`, empty segments (an absolute path, `a//b`),
 * backslashes, NUL, and dotfiles (the folder's temporary files).
 */
export function storedPathSegments(file: string): string[] | undefined {
  const segments = file.split('/');
  const safe = segments.every((segment) => segment !== '' && !segment.startsWith('.') && !/[\\\0]/.test(segment));
  return safe ? segments : undefined;
}
