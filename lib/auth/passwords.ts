// Password hashing: Argon2id at OWASP's minimum cost (19 MiB, 2 passes, 1 lane).
import { randomBytes } from 'node:crypto';
import type * as Argon2 from '@node-rs/argon2';

// Loaded on the first hash, not with the module: a function that could hash
// (GET /api/user/me/ beside its updates) starts without the native addon.
let argon2: Promise<typeof Argon2> | undefined;
const loadArgon2 = () => (argon2 ??= import('@node-rs/argon2'));

// Argon2id is the library's default algorithm (its Algorithm enum cannot be
// imported under erasable-only TypeScript).
export const argon2Options = Object.freeze({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });

/** The hash functions, as an object so tests can observe the calls. */
export const hasher = {
  hash: async (password: string) => (await loadArgon2()).hash(password, argon2Options),
  verify: async (hash: string, password: string) => (await loadArgon2()).verify(hash, password),
};

export function hashPassword(password: string): Promise<string> {
  return hasher.hash(password);
}

let dummyHash: Promise<string> | undefined;

/**
 * True when `password` matches `stored`. A missing hash (no such user, or no
 * usable password) is checked against a dummy hash, so it costs as much as a
 * wrong password and the answer time says nothing about which emails exist.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (stored === null) {
    dummyHash ??= hasher.hash(randomBytes(16).toString('hex'));
    await hasher.verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await hasher.verify(stored, password);
  } catch {
    return false; // a malformed hash never matches
  }
}
