import { chmod, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertReachable, firstBlockedFolder } from './postgres-user.ts';
import { makeTempFolder } from '../testing/temp-folder.ts';

describe('firstBlockedFolder', () => {
  let folder = '';
  beforeAll(async () => {
    folder = await makeTempFolder('reach-');
    await mkdir(path.join(folder, 'open', 'closed', 'inner'), { recursive: true });
    await chmod(folder, 0o755);
    await chmod(path.join(folder, 'open'), 0o755);
    await chmod(path.join(folder, 'open', 'closed'), 0o700);
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  // A user who owns none of these folders and is in none of their groups.
  const stranger = { uid: 54_321, gid: 54_321 };

  it('finds the first folder on the way that the user may not enter', () => {
    expect(firstBlockedFolder(path.join(folder, 'open', 'closed', 'inner', 'data'), stranger)).toBe(path.join(folder, 'open', 'closed'));
  });

  it('finds none when every folder on the way may be entered, or is not made yet', () => {
    expect(firstBlockedFolder(path.join(folder, 'open', 'data'), stranger)).toBeNull();
    expect(firstBlockedFolder(path.join(folder, 'open', 'new', 'data'), stranger)).toBeNull();
  });

  it("lets the folder's owner in", async () => {
    const { uid, gid } = await import('node:fs').then(({ statSync }) => statSync(path.join(folder, 'open', 'closed')));
    expect(firstBlockedFolder(path.join(folder, 'open', 'closed', 'inner', 'data'), { uid, gid })).toBeNull();
  });

  // What `npm start` or a CLI run by root prints when the cluster's folder is out of the postgres user's reach.
  it('names the folder that stops the user and what to do, in one line', () => {
    const target = path.join(folder, 'open', 'closed', 'inner', 'data');
    expect(() => { assertReachable([target], stranger); }).toThrow(
      `running as root, the embedded PostgreSQL runs as the user "postgres", who cannot enter ${path.join(folder, 'open', 'closed')} (on the way to ${target}): ` +
        'run as an ordinary user, put the checkout (or EMBEDDED_PG_DATA) in a folder every user may enter, or set DATABASE_URL',
    );
    expect(() => { assertReachable([path.join(folder, 'open', 'data')], stranger); }).not.toThrow();
  });
});
