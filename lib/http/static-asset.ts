// Small files we ship (CSS, scripts): read once, served with an ETag so a
// browser's next visit is a 304.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Context } from 'hono';

const loaded = new Map<string, { body: Uint8Array<ArrayBuffer>; etag: string }>();

export async function serveAsset(c: Context, file: string, contentType: string): Promise<Response> {
  let entry = loaded.get(file);
  if (entry === undefined) {
    const body = new Uint8Array(await readFile(file));
    entry = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    loaded.set(file, entry);
  }
  c.header('ETag', entry.etag);
  c.header('Cache-Control', 'public, max-age=3600');
  if (c.req.header('if-none-match') === entry.etag) return c.body(null, 304);
  return c.body(entry.body, 200, { 'Content-Type': contentType });
}
