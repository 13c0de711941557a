import { describe, expect, it } from 'vitest';
import { serverNodeFlags } from './server.ts';

describe('serverNodeFlags', () => {
  it('reads the flags given to node before lib/server.ts', () => {
    expect(serverNodeFlags('node lib/cli/check-node.js && node --a=1 --b lib/server.ts')).toEqual(['--a=1', '--b']);
    expect(serverNodeFlags('exec node lib/server.ts')).toEqual([]);
    expect(serverNodeFlags('node lib/cli/check-node.js && exec node --a=1 lib/server.ts')).toEqual(['--a=1']);
    expect(() => serverNodeFlags('node lib/other.ts')).toThrow(/no "node … lib\/server.ts"/);
  });
});
