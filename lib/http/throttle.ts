import { HttpError } from './errors.ts';

/** DRF's 429, with its words and a Retry-After header. */
export function throttled(waitSeconds: number): HttpError {
  const unit = waitSeconds === 1 ? 'second' : 'seconds';
  return new HttpError(
    429,
    { detail: `Request was throttled. Expected available in ${waitSeconds} ${unit}.` },
    { 'Retry-After': String(waitSeconds) },
  );
}
