import type { Context } from 'hono';
import { loadConfig } from '../config.ts';

/** Whether the browser reached us over HTTPS (directly, or through a trusted proxy that says so). */
export function isSecureRequest(c: Context): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return loadConfig().trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}
