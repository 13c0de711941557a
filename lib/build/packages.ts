// Copies an installed package and everything it needs at run time (its
// dependencies and those of its optional dependencies that are installed:
// the native binary for this platform) into a bundle's node_modules/.
import { cp, readFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config.ts';

export async function copyPackage(name: string, outDir: string, copied = new Set<string>()): Promise<void> {
  if (copied.has(name)) return;
  copied.add(name);
  const source = path.join(projectRoot, 'node_modules', name);
  const manifest = JSON.parse(await readFile(path.join(source, 'package.json'), 'utf8')) as PackageJson;
  await cp(source, path.join(outDir, 'node_modules', name), { recursive: true, dereference: true });
  const needed = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.optionalDependencies ?? {})];
  for (const dependency of needed) {
    // Optional dependencies of other platforms are not installed, and not needed.
    if (existsSync(path.join(projectRoot, 'node_modules', dependency))) await copyPackage(dependency, outDir, copied);
  }
}

interface PackageJson {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** The package.json of an installed package. */
export function packageJson(name: string): PackageJson {
  return JSON.parse(readFileSync(path.join(projectRoot, 'node_modules', name, 'package.json'), 'utf8')) as PackageJson;
}

/**
 * Copies what a native addon loads at run time besides its (bundled)
 * JavaScript: its platform packages installed here (the binary for this
 * machine, and what that needs: libvips for sharp).
 */
export async function copyPlatformPackages(addon: string, outDir: string): Promise<void> {
  const copied = new Set<string>();
  for (const name of Object.keys(packageJson(addon).optionalDependencies ?? {})) {
    if (existsSync(path.join(projectRoot, 'node_modules', name))) await copyPackage(name, outDir, copied);
  }
}
