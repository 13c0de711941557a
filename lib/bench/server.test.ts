import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../config.ts';
import { serverNodeFlags } from './server.ts';

describe('serverNodeFlags', () => {
  it('reads the flags given to node before lib/server.ts', () => {
    expect(serverNodeFlags('node lib/cli/check-node.js && node --a=1 --b lib/server.ts')).toEqual(['--a=1', '--b']);
    expect(serverNodeFlags('exec node lib/server.ts')).toEqual([]);
    expect(() => serverNodeFlags('node lib/other.ts')).toThrow(/no "node … lib\/server.ts"/);
  });

  // The bench runs the server with npm start's flags; the image must run it
  // with the same, or the figures are not those of production.
  it('finds the same flags in npm start and in the image\'s CMD', () => {
    const packageJson = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { scripts: { start: string } };
    const cmd = /^CMD .*$/m.exec(readFileSync(path.join(projectRoot, 'Dockerfile'), 'utf8'))?.[0] ?? '';
    const flags = serverNodeFlags(packageJson.scripts.start);
    expect(flags).not.toEqual([]);
    expect(serverNodeFlags(cmd)).toEqual(flags);
  });
});
