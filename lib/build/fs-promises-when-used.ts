// What a bundle's own modules get for 'node:fs/promises' (see
// lib/build/bundle.ts): the functions they import, each loading the module on
// its first call. Loading it costs ~0.9 ms of CPU at a cold start, paid by
// every function that can store or serve media files (a recipe's detail
// imports the storage to remove an image on DELETE) even when its request
// reads no file. A name imported but missing here fails the build.
import type * as FsPromises from 'node:fs/promises';

type Name = 'lstat' | 'mkdir' | 'open' | 'readFile' | 'rename' | 'rm';

function whenCalled<N extends Name>(name: N): (typeof FsPromises)[N] {
  return ((...args: unknown[]) => (process.getBuiltinModule('node:fs/promises')[name] as (...args: unknown[]) => unknown)(...args)) as (typeof FsPromises)[N];
}

export const lstat = whenCalled('lstat');
export const mkdir = whenCalled('mkdir');
export const open = whenCalled('open');
export const readFile = whenCalled('readFile');
export const rename = whenCalled('rename');
export const rm = whenCalled('rm');
