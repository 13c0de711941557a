// PostgreSQL refuses to run as root. Run by root, the embedded cluster runs
// as the user "postgres" (made when missing), who must be able to reach the
// binaries and the cluster's folder.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { StartupError } from '../startup-error.ts';

export interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

/** The user the cluster runs as when we are root; undefined when we are not (it runs as us). */
export function postgresRunAs(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    try {
      execFileSync('groupadd', ['--force', 'postgres'], { stdio: 'ignore' });
      execFileSync('useradd', ['--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'ignore' });
      return { uid: id('-u'), gid: id('-g') };
    } catch {
      throw new StartupError('running as root, the embedded PostgreSQL needs a "postgres" user and could not create one: create it (useradd postgres), run as an ordinary user, or set DATABASE_URL');
    }
  }
}

/** The first folder on the way to `target` that `user` may not enter, or null. */
export function firstBlockedFolder(target: string, user: RunAs): string | null {
  const folders: string[] = [];
  for (let folder = path.dirname(path.resolve(target)); ; folder = path.dirname(folder)) {
    folders.unshift(folder);
    if (folder === path.dirname(folder)) break;
  }
  for (const folder of folders) {
    let stat;
    try {
      stat = statSync(folder);
    } catch {
      return null; // not made yet: whoever makes it decides
    }
    const execute = stat.uid === user.uid ? 0o100 : stat.gid === user.gid ? 0o010 : 0o001;
    if ((stat.mode & execute) === 0) return folder;
  }
  return null;
}

/** Throws the one line that says which folder stops the postgres user, and what to do. */
export function assertReachable(targets: readonly string[], user: RunAs): void {
  for (const target of targets) {
    const blocked = firstBlockedFolder(target, user);
    if (blocked !== null) {
      throw new StartupError(
        `running as root, the embedded PostgreSQL runs as the user "postgres", who cannot enter ${blocked} (on the way to ${target}): ` +
          'run as an ordinary user, put the checkout (or EMBEDDED_PG_DATA) in a folder every user may enter, or set DATABASE_URL',
      );
    }
  }
}
