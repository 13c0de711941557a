// The ops function's bundle, built for real from the project's lib/ and db/.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { buildOpsBundle } from '../lib/ops-bundle.ts';

// Outside the project, so the bundle cannot lean on the project's node_modules.
const scratch = mkdtempSync(path.join(tmpdir(), 'recipe-ops-'));
after(() => { rmSync(scratch, { recursive: true, force: true }); });

describe('buildOpsBundle', () => {
  it('writes one index.mjs with its Argon2 addon beside it, which loads alone: a Delete event is a no-op, a bad superuser is refused with the reason', async () => {
    const folder = buildOpsBundle(scratch);
    assert.ok(existsSync(path.join(folder, 'node_modules', '@node-rs', 'argon2-linux-x64-gnu')));
    // In a fresh process outside the project: nothing may be found in the project's node_modules.
    const script = `
      const { handler } = await import(${JSON.stringify(path.join(folder, 'index.mjs'))});
      const deleted = await handler({ RequestType: 'Delete', PhysicalResourceId: 'recipe-api-migrations' });
      const refused = await handler({ createSuperuser: { email: 'not an email', password: 'long enough passphrase' } }).catch((error) => error.message);
      console.log(JSON.stringify({ type: typeof handler, deleted, refused }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: folder,
      // A database that is never reached: neither call needs one.
      env: { PATH: process.env.PATH, SECRET_KEY: 'k'.repeat(40), DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', LOG_LEVEL: 'silent' },
    });
    assert.deepEqual(JSON.parse(stdout), { type: 'function', deleted: { PhysicalResourceId: 'recipe-api-migrations' }, refused: 'Enter a valid email address.' });
  });
});
