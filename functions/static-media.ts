// GET/HEAD /static/media/<path> — the uploaded images, public as in the
// original, from the media storage (the folder or the S3 bucket). Names are
// UUIDs that never change, so browsers may keep them for good; nothing outside
// the stored files, and no symlink, is ever served.
import type { Context } from 'hono';
import { createFunctionApp } from '../lib/http/app.ts';
import { notFound } from '../lib/http/errors.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { mediaUrlPath } from '../lib/http/media-url.ts';
import { contentTypeOfFile } from '../lib/media/images.ts';
import { mediaCacheControl, mediaStorage, type StoredFileInfo } from '../lib/media/storage.ts';

const app = createFunctionApp();

// Hono answers HEAD with this GET handler and drops the body it returns.
app.get(`${mediaUrlPath}*`, async (c) => {
  const file = mediaPath(new URL(c.req.url).pathname);
  // Only what an upload can produce: any other stored file stays private.
  const contentType = file === undefined ? undefined : contentTypeOfFile(file);
  if (file === undefined || contentType === undefined) throw notFound();
  const storage = await mediaStorage();
  // A plain GET opens the file at once (one request to a bucket); HEAD and
  // a conditional GET, which mostly end without a body, look first.
  const wantsBody = c.req.method === 'GET' && !isConditional(c);
  const opened = wantsBody ? await storage.open(file) : undefined;
  const found = wantsBody ? opened : await storage.stat(file);
  if (found === undefined) throw notFound();

  const etag = entityTag(found);
  c.header('ETag', etag);
  c.header('Last-Modified', found.modified.toUTCString());
  c.header('Cache-Control', mediaCacheControl);
  c.header('X-Content-Type-Options', 'nosniff');
  if (notModified(c, etag, found.modified)) return c.body(null, 304);
  if (c.req.method === 'HEAD') return c.body(null, 200, { 'Content-Type': contentType, 'Content-Length': String(found.size) });

  const content = opened ?? (await storage.open(file));
  if (content === undefined) throw notFound(); // removed since the stat
  return c.body(content.stream, 200, { 'Content-Type': contentType, 'Content-Length': String(content.size) });
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

function isConditional(c: Context): boolean {
  return c.req.header('if-none-match') !== undefined || c.req.header('if-modified-since') !== undefined;
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
