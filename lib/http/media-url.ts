// Absolute URLs of stored media files, as the API shows them.
import type { Context } from 'hono';
import { loadConfig } from '../config.ts';

export const mediaUrlPath = '/static/media/';

/** The origin the client sees: PUBLIC_URL, else the request's own (behind a trusted proxy, its X-Forwarded-Proto/Host). */
export function publicOrigin(c: Context): string {
  const { publicUrl, trustProxy } = loadConfig();
  if (publicUrl !== null) return publicUrl;
  const url = new URL(c.req.url);
  const proto = trustProxy ? c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() : undefined;
  const host = trustProxy ? c.req.header('x-forwarded-host')?.split(',')[0]?.trim() : undefined;
  return `${proto ?? url.protocol.slice(0, -1)}://${host ?? url.host}`;
}

/**
 * `uploads/recipe/x.png` → `http://host/static/media/uploads/recipe/x.png`,
 * on PUBLIC_URL or the request's own origin; or `<MEDIA_URL>/uploads/recipe/x.png`
 * when a CDN or the bucket's domain serves the files.
 */
export function mediaUrl(c: Context, path: string): string {
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  const { mediaUrl: cdn } = loadConfig();
  return cdn === null ? `${publicOrigin(c)}${mediaUrlPath}${encoded}` : `${cdn}/${encoded}`;
}
