// One function of the manifest made into a folder that runs alone:
// index.mjs (every import bundled, ESM for Node 24) and, in node_modules/,
// only what cannot be bundled: native addons and files read at run time.
import { cp, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { rolldown, type Plugin } from 'rolldown';
import { projectRoot } from '../config.ts';
import { copyPackage } from './packages.ts';

/** Packages with a compiled addon: loaded from node_modules, never bundled. */
export const nativeAddons = ['@node-rs/argon2', 'sharp'] as const;

// pg tries pg-native only when asked (new pg.native); it is not installed.
const neverBundled = [...nativeAddons, 'pg-native'];

export interface BundleInput {
  readonly name: string;
  readonly entry: string;
  readonly outDir: string;
  /** Absolute paths the function reads from disk at run time. */
  readonly files: readonly string[];
  /** Modules replaced by generated source (the OpenAPI document). */
  readonly replace: Readonly<Record<string, string>>;
}

export interface Bundle {
  readonly addons: string[];
  readonly bytes: number;
}

export async function bundleFunction(input: BundleInput): Promise<Bundle> {
  const build = await rolldown({
    input: input.entry,
    platform: 'node',
    external: (id) => neverBundled.some((name) => id === name || id.startsWith(`${name}/`)),
    plugins: [replaceModules(input.replace)],
    // Logs of the dependencies' own code (eval in a dependency, say) are theirs to fix.
    logLevel: 'warn',
    onLog: (level, log, handler) => {
      if (log.id?.includes('/node_modules/') === true) return;
      handler(level, log);
    },
  });
  const { output } = await build.write({
    dir: input.outDir,
    format: 'esm',
    entryFileNames: 'index.mjs',
    codeSplitting: false,
    minify: true,
    sourcemap: false,
    comments: { legal: false },
  });
  await build.close();
  const [chunk] = output;
  const imported = new Set([...chunk.imports, ...chunk.dynamicImports]);
  const addons = nativeAddons.filter((name) => imported.has(name));
  for (const addon of addons) await copyPackage(addon, input.outDir);
  await copyFiles(input.files, input.outDir);
  return { addons, bytes: Buffer.byteLength(chunk.code) };
}

// A file from a package goes to the same place under the bundle's
// node_modules/ (with the package.json that resolving it needs); one of ours
// (lib/assets/) next to index.mjs, where lib/assets/index.ts looks once bundled.
async function copyFiles(files: readonly string[], outDir: string): Promise<void> {
  const nodeModules = path.join(projectRoot, 'node_modules');
  for (const file of files) {
    if (file.startsWith(`${nodeModules}${path.sep}`)) {
      const relative = path.relative(nodeModules, file);
      const packageName = relative.split(path.sep).slice(0, relative.startsWith('@') ? 2 : 1).join('/');
      for (const part of [relative, path.join(packageName, 'package.json')]) {
        await mkdir(path.dirname(path.join(outDir, 'node_modules', part)), { recursive: true });
        await cp(path.join(nodeModules, part), path.join(outDir, 'node_modules', part));
      }
    } else {
      await cp(file, path.join(outDir, path.basename(file)));
    }
  }
}

function replaceModules(replace: Readonly<Record<string, string>>): Plugin {
  return {
    name: 'replace-modules',
    load(id) {
      return Object.hasOwn(replace, id) ? replace[id] : null;
    },
  };
}
