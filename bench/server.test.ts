import { describe, expect, it } from 'vitest';
import { serverNodeFlags } from './server.ts';

describe('serverNodeFlags', () => {
  it('reads the flags given to node before lib/emulator/server.ts', () => {
    expect(serverNodeFlags('node lib/cli/check-node.js && node --a=1 --b lib/emulator/server.ts')).toEqual(['--a=1', '--b']);
    expect(serverNodeFlags('exec node lib/emulator/server.ts')).toEqual([]);
    expect(serverNodeFlags('node lib/cli/check-node.js && exec node --a=1 lib/emulator/server.ts')).toEqual(['--a=1']);
    expect(() => serverNodeFlags('node lib/other.ts')).toThrow(/no "node … lib\/emulator\/server.ts"/);
  });
});
