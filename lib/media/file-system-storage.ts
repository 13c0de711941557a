// The media storage on the local disk: files under MEDIA_ROOT, each written
// whole before it gets its name, never followed through a symlink.
import { randomUUID } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { type MediaStorage, type StoredFileInfo, storedPathSegments } from './media-storage.ts';

export function fileSystemStorage(root: string): MediaStorage {
  return {
    async save(folder, extension, bytes) {
      const name = `${randomUUID()}.${extension}`;
      const relative = `${folder}/${name}`;
      if (storedPathSegments(relative) === undefined) throw new Error(`not a storable path: ${relative}`);
      const directory = path.join(root, folder);
      await mkdir(directory, { recursive: true });
      await writeAtomically(directory, name, bytes);
      return relative;
    },

    async remove(file) {
      const segments = storedPathSegments(file);
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
  // A leading dot: never served (see storedPathSegments) while it is being written.
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

// Walks the path one segment at a time without following links: a symlink
// anywhere (to a file outside the root or inside it) is as good as absent.
async function findRegularFile(root: string, file: string): Promise<{ absolute: string; stats: Stats } | undefined> {
  const segments = storedPathSegments(file);
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
