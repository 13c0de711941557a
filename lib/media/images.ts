// What makes an upload an image: its bytes, never its name. The formats a
// browser shows everywhere (JPEG, PNG, GIF, WebP), each decoded in full, since
// a header sniffer alone accepts a PNG cut off halfway.
import type Sharp from 'sharp';

export interface ImageType {
  /** sharp's name for the format. */
  readonly format: string;
  /** The stored file's extension, which is also how the file is served. */
  readonly extension: string;
  readonly contentType: string;
}

export const imageTypes: readonly ImageType[] = [
  { format: 'jpeg', extension: 'jpg', contentType: 'image/jpeg' },
  { format: 'png', extension: 'png', contentType: 'image/png' },
  { format: 'gif', extension: 'gif', contentType: 'image/gif' },
  { format: 'webp', extension: 'webp', contentType: 'image/webp' },
];

// Decoded pixels, every frame of an animation counted: a 10 MB file can
// declare 65535×65535 pixels, and the cap bounds the work and memory spent on it.
const maxPixels = 100_000_000;

// Loaded on the first upload: libvips costs ~20 MB of memory in every
// process that imports it, and most requests never need it.
let loadedSharp: Promise<typeof Sharp> | undefined;

function loadSharp(): Promise<typeof Sharp> {
  loadedSharp ??= import('sharp').then(({ default: sharp }) => {
    sharp.cache(false); // uploads are decoded once: a cache only holds memory
    return sharp;
  });
  return loadedSharp;
}

/** The type of these bytes when they are a complete JPEG, PNG, GIF or WebP image; undefined otherwise. */
export async function detectImage(bytes: Uint8Array): Promise<ImageType | undefined> {
  // The signature first, so that sharp's other loaders (SVG, TIFF, HEIF, PDF…)
  // never see the bytes: libvips picks its loader by the same signatures.
  const sniffed = sniff(bytes);
  if (sniffed === undefined) return undefined;
  const sharp = await loadSharp();
  try {
    const image = sharp(bytes, { failOn: 'truncated', limitInputPixels: maxPixels, animated: true });
    const { format } = await image.metadata();
    if (format !== sniffed.format) return undefined;
    // Decoding into 8×8 reads every byte of pixel data without keeping a full-size copy.
    await image.resize(8, 8, { fit: 'inside' }).raw().toBuffer();
    return sniffed;
  } catch {
    // sharp throws for anything it cannot decode: corrupt, truncated, over the pixel cap.
    return undefined;
  }
}

/** The content type of a stored image file, by its extension; undefined for any other file. */
export function contentTypeOfFile(name: string): string | undefined {
  const extension = name.slice(name.lastIndexOf('.') + 1);
  return imageTypes.find((type) => type.extension === extension)?.contentType;
}

const signatures: readonly { format: string; test: (bytes: Uint8Array) => boolean }[] = [
  { format: 'jpeg', test: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  { format: 'png', test: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { format: 'gif', test: (b) => startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a')) },
  { format: 'webp', test: (b) => startsWith(b, ascii('RIFF')) && startsWith(b.subarray(8), ascii('WEBP')) },
];

function sniff(bytes: Uint8Array): ImageType | undefined {
  const format = signatures.find(({ test }) => test(bytes))?.format;
  return imageTypes.find((type) => type.format === format);
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

function ascii(text: string): number[] {
  return Array.from(Buffer.from(text, 'latin1'));
}
