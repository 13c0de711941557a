// A small function manifest with bundle folders, as `npm run build` writes
// them, in a temporary folder: the template tests need no real build.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Every folder made here goes when the test process ends.
const madeFolders: string[] = [];
process.on('exit', () => {
  for (const folder of madeFolders) rmSync(folder, { recursive: true, force: true });
});

function makeFolder(prefix: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  madeFolders.push(folder);
  return folder;
}

export const fixtureFunctions = [
  { name: 'health-check', paths: ['/api/health-check/'], addons: [] },
  { name: 'user-me', paths: ['/api/user/me/'], addons: ['@node-rs/argon2'] },
  { name: 'recipe-detail', paths: ['/api/recipe/recipes/:id/'], addons: [] },
  { name: 'recipe-upload-image', paths: ['/api/recipe/recipes/:id/upload-image/'], addons: ['sharp'] },
  { name: 'static-media', paths: ['/static/media/*'], addons: [] },
  { name: 'admin-users', paths: ['/admin/users/', '/admin/users/:id/', '/admin/users/:id/password/'], addons: ['@node-rs/argon2'] },
];

/** Writes the manifest and one bundle folder per function; returns the manifest's path. */
export function writeFixtureBuild(functions: readonly { name: string; paths: string[]; addons: string[] }[] = fixtureFunctions): string {
  const root = makeFolder('recipe-deploy-fixture-');
  for (const { name } of functions) {
    mkdirSync(path.join(root, name));
    writeFileSync(path.join(root, name, 'index.mjs'), `export const handler = async () => ({ statusCode: 200, body: ${JSON.stringify(name)} });\n`);
  }
  const manifest = path.join(root, 'manifest.json');
  writeFileSync(manifest, JSON.stringify({ functions }, null, 2));
  return manifest;
}

/** A stand-in for the ops bundle (the real one is built by one test of its own). */
export function writeFixtureOpsBundle(): string {
  const folder = makeFolder('recipe-deploy-ops-');
  writeFileSync(path.join(folder, 'index.mjs'), 'export const handler = async () => ({});\n');
  return folder;
}
