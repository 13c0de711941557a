// The ops function's bundle, built for real from the project's lib/ and db/.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { buildOpsBundle } from '../lib/ops-bundle.ts';

describe('buildOpsBundle', () => {
  it('writes one index.mjs with its Argon2 addon beside it, which loads alone and exports handler', async () => {
    const folder = buildOpsBundle(mkdtempSync(path.join(tmpdir(), 'recipe-ops-')));
    assert.ok(existsSync(path.join(folder, 'node_modules', '@node-rs', 'argon2-linux-x64-gnu')));
    // In a fresh process outside the project: nothing may be found in the project's node_modules.
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(path.join(folder, 'index.mjs'))}); console.log(typeof m.handler)`], {
      cwd: folder,
      env: { PATH: process.env.PATH, SECRET_KEY: 'k'.repeat(40) },
    });
    assert.equal(stdout.trim(), 'function');
  });
});
