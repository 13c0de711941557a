// GET/HEAD /static/media/<path> — the uploaded images, public as in the
// original. Names are UUIDs that never change, so browsers may keep them for
// good; nothing outside the media root, and no symlink, is ever served.
import type { Context } from 'hono';
import { createFunctionApp } from '../lib/http/app.ts';
import { notFound } from '../lib/http/errors.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { mediaUrlPath } from '../lib/http/media-url.ts';
import { contentTypeOfFile } from '../lib/images.ts';
import { mediaStorage, type StoredFileInfo } from '../lib/storage.ts';

const app = createFunctionApp();

// Hono answers HEAD with this GET handler and drops the body it returns.
app.get(`${mediaUrlPath}*`, async (c) => {
  const file = mediaPath(new URL(c.req.url).pathname);
  // Only what an upload can produce: any other file in the media root stays private.
  const contentType = file === undefined ? undefined : contentTypeOfFile(file);
  if (file === undefined || contentType === undefined) throw notFound();
  const storage = mediaStorage();
  const info = await storage.stat(file);
  if (info === undefined) throw notFound();

  const etag = entityTag(info);
  c.header('ETag', etag);
  c.header('Last-Modified', info.modified.toUTCString());
  c.header('Cache-Control', 'public, max-age=31536000, immutable');
  c.header('X-Content-Type-Options', 'nosniff');
  if (notModified(c, etag, info.modified)) return c.body(null, 304);
  if (c.req.method === 'HEAD') return c.body(null, 200, { 'Content-Type': contentType, 'Content-Length': String(info.size) });

  const opened = await storage.open(file);
  if (opened === undefined) throw notFound(); // removed since the stat
  return c.body(opened.stream, 200, { 'Content-Type': contentType, 'Content-Length': String(opened.size) });
});

/**
 * The file's path under the media root, decoded one segment at a time, or
 * undefined for anything that could reach elsewhere: `%2F` or `%5C` (a
 * separator smuggled inside a segment), NUL, `.`/`..`, empty segments.
 */
function mediaPath(pathname: string): string | undefined {
  const segments: string[] = [];
  for (const raw of pathname.slice(mediaUrlPath.length).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined; // malformed percent-encoding
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) return undefined;
    segments.push(segment);
  }
  return segments.join('/');
}

function entityTag(info: StoredFileInfo): string {
  return `"${info.size.toString(16)}-${Math.trunc(info.modified.getTime()).toString(16)}"`;
}

// RFC 9110 §13.2.2: If-None-Match decides when present; If-Modified-Since only without it.
function notModified(c: Context, etag: string, modified: Date): boolean {
  const ifNoneMatch = c.req.header('if-none-match');
  if (ifNoneMatch !== undefined) {
    const tags = ifNoneMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.includes(etag);
  }
  const since = Date.parse(c.req.header('if-modified-since') ?? '');
  // HTTP dates have whole seconds.
  return !Number.isNaN(since) && Math.floor(modified.getTime() / 1000) * 1000 <= since;
}

export default app;
export const handler = lambdaHandler(app);
