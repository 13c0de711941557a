// Where uploaded files live. One implementation, the local filesystem under
// MEDIA_ROOT; the interface is what an object store would also have to offer.
import { randomUUID } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { loadConfig } from './config.ts';
import { log } from './log.ts';

export interface StoredFileInfo {
  readonly size: number;
  readonly modified: Date;
}

export interface OpenedFile extends StoredFileInfo {
  readonly stream: ReadableStream<Uint8Array>;
}

export interface MediaStorage {
  /** Stores the bytes as a new file `<folder>/<uuid4>.<extension>` and resolves to that path once it is durable. */
  save(folder: string, extension: string, bytes: Uint8Array): Promise<string>;
  /** Removes a file; one that is already gone is not an error. */
  remove(file: string): Promise<void>;
  /** Size and time of a regular file; undefined when there is none at this path or the path could lead elsewhere. */
  stat(file: string): Promise<StoredFileInfo | undefined>;
  /** The same, with the file's content; the caller must consume or cancel the stream. */
  open(file: string): Promise<OpenedFile | undefined>;
}

/** The storage the API uses: the local folder MEDIA_ROOT. */
export function mediaStorage(): MediaStorage {
  return fileSystemStorage(loadConfig().mediaRoot);
}

/**
 * Removes a file the database no longer points to. A failure is logged, not
 * thrown: the database change is already committed, and a file left over
 * costs only disk space.
 */
export async function discardFile(storage: MediaStorage, file: string): Promise<void> {
  try {
    await storage.remove(file);
  } catch (error) {
    log.warn('could not remove a media file', { file, error });
  }
}

/** discardFile for several files of the media storage (a user's recipes, deleted by cascade). */
export async function removeMedia(files: readonly string[]): Promise<void> {
  const storage = mediaStorage();
  for (const file of files) await discardFile(storage, file);
}

export function fileSystemStorage(root: string): MediaStorage {
  return {
    async save(folder, extension, bytes) {
      const name = `${randomUUID()}.${extension}`;
      const relative = `${folder}/${name}`;
      if (safeSegments(relative) === undefined) throw new Error(`not a storable path: ${relative}`);
      const directory = path.join(root, folder);
      await mkdir(directory, { recursive: true });
      await writeAtomically(directory, name, bytes);
      return relative;
    },

    async remove(file) {
      const segments = safeSegments(file);
      if (segments === undefined) throw new Error(`not a stored path: ${file}`);
      await rm(path.join(root, ...segments), { force: true });
    },

    async stat(file) {
      const found = await findRegularFile(root, file);
      return found === undefined ? undefined : infoOf(found.stats);
    },

    async open(file) {
      const found = await findRegularFile(root, file);
      if (found === undefined) return undefined;
      let handle;
      try {
        // O_NOFOLLOW: the last segment cannot have become a symlink since it was checked.
        handle = await open(found.absolute, constants.O_RDONLY | constants.O_NOFOLLOW);
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
      const stats = await handle.stat();
      if (!stats.isFile() || stats.ino !== found.stats.ino || stats.dev !== found.stats.dev) {
        await handle.close();
        return undefined;
      }
      // The Node stream closes the handle when it ends or is destroyed (a cancelled response).
      const stream = Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array>;
      return { ...infoOf(stats), stream };
    },
  };
}

// A temporary file in the same folder, flushed, then renamed over the final
// name (atomic within one filesystem), then the folder flushed so that the
// rename survives a crash: the final name never holds half a file.
async function writeAtomically(directory: string, name: string, bytes: Uint8Array): Promise<void> {
  // A leading dot: never served (see safeSegments) while it is being written.
  const temporary = path.join(directory, `.${name}.tmp`);
  const handle = await open(temporary, 'wx', 0o644);
  try {
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path.join(directory, name));
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  const folder = await open(directory, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

/**
 * The segments of a path relative to the root, or undefined when it could
 * name anything but a file we store: `.`/`..`, empty segments (an absolute
 * path), backslashes, NUL, and dotfiles (our temporary files).
 */
function safeSegments(file: string): string[] | undefined {
  const segments = file.split('/');
  const safe = segments.every((segment) => segment !== '' && !segment.startsWith('.') && !/[\\\0]/.test(segment));
  return safe ? segments : undefined;
}

// Walks the path one segment at a time without following links: a symlink
// anywhere (to a file outside the root or inside it) is as good as absent.
async function findRegularFile(root: string, file: string): Promise<{ absolute: string; stats: Stats } | undefined> {
  const segments = safeSegments(file);
  if (segments === undefined) return undefined;
  let absolute = root;
  let stats: Stats | undefined;
  for (const [index, segment] of segments.entries()) {
    absolute = path.join(absolute, segment);
    try {
      stats = await lstat(absolute);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    const last = index === segments.length - 1;
    if (stats.isSymbolicLink() || (last ? !stats.isFile() : !stats.isDirectory())) return undefined;
  }
  return stats === undefined ? undefined : { absolute, stats };
}

function infoOf(stats: Stats): StoredFileInfo {
  return { size: stats.size, modified: stats.mtime };
}

// Gone, or a path that cannot exist (a file used as a folder, a name too long).
function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP' || code === 'ENAMETOOLONG';
}
