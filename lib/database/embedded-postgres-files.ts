// What the embedded cluster's folder says about it: the running postmaster
// (PostgreSQL's postmaster.pid), the password made for it, and which of our
// processes use it. Our files sit in the cluster's folder, so they go with it.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const superuser = 'postgres';
/** The password of clusters made before each got its own; replaced at their next start. */
export const legacyPassword = 'postgres';

export interface Postmaster {
  readonly pid: number;
  readonly port: number;
  /** PostgreSQL writes "ready" once it accepts connections. */
  readonly ready: boolean;
}

/** The postmaster running on `dataDir`, or null. */
export function runningPostmaster(dataDir: string): Postmaster | null {
  let lines: string[];
  try {
    lines = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return null;
  }
  // Line 1 the pid, line 4 the port, line 8 the status.
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return null;
  return { pid, port: Number(lines[3]), ready: lines[7]?.trim() === 'ready' };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const passwordFile = (dataDir: string) => path.join(dataDir, 'recipe-password');

export function newPassword(): string {
  return randomBytes(24).toString('base64url');
}

/** The cluster's password, or null for a cluster made before each had its own. */
export function readPassword(dataDir: string): string | null {
  try {
    return readFileSync(passwordFile(dataDir), 'utf8').trim();
  } catch {
    return null;
  }
}

export function writePassword(dataDir: string, password: string): void {
  writeFileSync(passwordFile(dataDir), `${password}\n`, { mode: 0o600 });
}

// One empty file per process of ours using the cluster, named by its pid:
// the last one to leave stops it; a cluster none of them uses any more was
// left by a killed run.
const usersFolder = (dataDir: string) => path.join(dataDir, 'recipe-users');

export function addUser(dataDir: string): void {
  mkdirSync(usersFolder(dataDir), { recursive: true, mode: 0o700 });
  writeFileSync(path.join(usersFolder(dataDir), String(process.pid)), '');
}

export function removeUser(dataDir: string): void {
  rmSync(path.join(usersFolder(dataDir), String(process.pid)), { force: true });
}

/** The live processes, other than this one, that use the cluster. */
export function otherUsers(dataDir: string): number[] {
  if (!existsSync(usersFolder(dataDir))) return [];
  return readdirSync(usersFolder(dataDir))
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && pid !== process.pid && isAlive(pid));
}

export function clusterUrl(port: number, password: string, database: string): string {
  return `postgres://${superuser}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

/** The URL of `database` on the cluster running in `dataDir`, or null when none is ready. */
export function runningClusterUrl(dataDir: string, database: string): string | null {
  const postmaster = runningPostmaster(dataDir);
  if (postmaster === null || !postmaster.ready) return null;
  return clusterUrl(postmaster.port, readPassword(dataDir) ?? legacyPassword, database);
}
