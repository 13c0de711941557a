import { afterEach, describe, expect, it } from 'vitest';
import { selectFunctions } from './select-functions.ts';
import { startServerProcess, type ServerProcess } from '../testing/server-process.ts';
import { StartupError } from '../startup-error.ts';

const manifest = { 'health-check': 'H', 'user-me': 'M', schema: 'S' };

describe('selectFunctions', () => {
  it('mounts every function when FUNCTIONS is unset', () => {
    expect(selectFunctions(manifest, null)).toEqual(['H', 'M', 'S']);
  });

  it('mounts only the named functions, each once', () => {
    expect(selectFunctions(manifest, ['user-me', 'health-check', 'user-me'])).toEqual(['M', 'H']);
  });

  it('refuses a name the manifest does not have, listing the ones it has', () => {
    expect(() => selectFunctions(manifest, ['user-me', 'recipes', 'toString'])).toThrow(StartupError);
    expect(() => selectFunctions(manifest, ['recipes'])).toThrow('FUNCTIONS names no function called recipes; the functions are: health-check, user-me, schema');
  });
});

let server: ServerProcess | undefined;
afterEach(() => {
  server?.child.kill('SIGKILL');
  server = undefined;
});

describe('the emulator with FUNCTIONS', () => {
  it('serves the named functions and answers 404 for the others', async () => {
    server = await startServerProcess({ FUNCTIONS: 'health-check' });
    expect((await fetch(`${server.baseUrl}/api/health-check/`)).status).toBe(200);
    const other = await fetch(`${server.baseUrl}/api/schema/`);
    expect([other.status, await other.json()]).toEqual([404, { detail: 'Not found.' }]);
  });
});
