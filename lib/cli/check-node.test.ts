// Every npm script that runs our code first checks the Node version: on an
// older Node it stops at once with one line, instead of failing somewhere
// deep in a .ts file that Node cannot parse.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../config.ts';

const { scripts } = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

// This Node, claiming to be 20: what check-node.js reads is all that differs.
const olderNode = "--import=data:text/javascript,Object.defineProperty(process,'version',{value:'v20.11.0'});Object.defineProperty(process.versions,'node',{value:'20.11.0'})";

// Every script that runs our .ts files or vitest (eslint and tsc run on any Node).
const ours = Object.keys(scripts).filter((name) => /\blib\/|\bvitest\b/.test(scripts[name] ?? ''));

describe('on a Node older than 24', () => {
  it('every script that runs our code checks first', () => {
    expect(ours).toEqual(expect.arrayContaining(['start', 'dev', 'test', 'migrate', 'wait-for-db', 'createsuperuser', 'bench']));
  });

  it.each(ours)('npm run %s stops at once with one line', (name) => {
    const script = scripts[name] ?? '';
    const child = spawnSync('sh', ['-c', script], {
      cwd: projectRoot,
      encoding: 'utf8',
      timeout: 10_000,
      // No node_modules/.bin on the PATH: a script that reached vitest or the server would fail otherwise.
      env: { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, NODE_OPTIONS: olderNode },
    });
    expect({ status: child.status, stderr: child.stderr }).toEqual({
      status: 1,
      stderr: 'error: this project needs Node.js 24 or newer (found v20.11.0); see .nvmrc\n',
    });
  });

  it('vitest itself stops at once too, reading its config', () => {
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', "await import('./vitest.config.ts')"], {
      cwd: projectRoot,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, NODE_OPTIONS: olderNode },
    });
    expect(child.status).toBe(1);
    expect(child.stderr).toBe('error: this project needs Node.js 24 or newer (found v20.11.0); see .nvmrc\n');
  });
});
