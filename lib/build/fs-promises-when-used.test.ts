// A bundle's node:fs/promises: each function does what Node's does.
import * as node from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import * as whenUsed from './fs-promises-when-used.ts';

it("writes, renames, reads and removes files as Node's functions do", async () => {
  const root = await node.mkdtemp(path.join(tmpdir(), 'fs-when-used-'));
  try {
    const directory = path.join(root, 'a', 'b');
    await whenUsed.mkdir(directory, { recursive: true });
    const handle = await whenUsed.open(path.join(directory, 'new'), 'wx', 0o644);
    await handle.writeFile('content');
    await handle.close();
    await whenUsed.rename(path.join(directory, 'new'), path.join(directory, 'file'));
    expect((await whenUsed.lstat(path.join(directory, 'file'))).isFile()).toBe(true);
    expect(await whenUsed.readFile(path.join(directory, 'file'), 'utf8')).toBe('content');
    await expect(whenUsed.open(path.join(directory, 'file'), 'wx')).rejects.toMatchObject({ code: 'EEXIST' });
    await whenUsed.rm(path.join(directory, 'file'), { force: true });
    await expect(node.lstat(path.join(directory, 'file'))).rejects.toMatchObject({ code: 'ENOENT' });
  } finally {
    await node.rm(root, { recursive: true, force: true });
  }
});
