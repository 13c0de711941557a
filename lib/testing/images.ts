// Real image files for the upload and media tests, made with sharp.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

export type TestImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'tiff' | 'avif';

/**
 * A `size`×`size` image in the given format. The pixels are noise (the
 * same every run), so that the pixel data hardly compresses: cutting a file
 * short cuts into it, and a large size makes a large file.
 */
export async function makeImage(format: TestImageFormat, size = 10): Promise<Uint8Array> {
  const pixels = Buffer.alloc(size * size * 3);
  let state = 12345;
  for (let i = 0; i < pixels.length; i += 1) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    pixels[i] = state >> 16;
  }
  const image = sharp(pixels, { raw: { width: size, height: size, channels: 3 } });
  return new Uint8Array(await image.toFormat(format).toBuffer());
}

/** The first half of a file: what an interrupted upload would send. */
export function truncated(bytes: Uint8Array): Uint8Array {
  return bytes.subarray(0, Math.floor(bytes.length / 2));
}

/** Every regular file under a folder, as paths relative to it with `/`, sorted. */
export async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}
