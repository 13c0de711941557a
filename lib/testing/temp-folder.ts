// Tests write only under .data/ (git-ignored), never in the machine's /tmp.
// The folders on the way are traversable by every user (.data is made with
// the default 0o755), so the embedded cluster's "postgres" user reaches a
// folder inside when the tests run as root.
import { mkdir, mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { dataDir } from '../config.ts';

/** A new empty folder `.data/tmp-<prefix>XXXXXX` (mode 0o700), for the caller to remove. */
export async function makeTempFolder(prefix: string): Promise<string> {
  await mkdir(dataDir, { recursive: true });
  return mkdtemp(path.join(dataDir, `tmp-${prefix}`));
}
