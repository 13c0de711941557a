// One function of the manifest made into a folder that runs alone: app.mjs
// (every import bundled, ESM for Node 24), index.mjs (the entry: handler and
// the app, loaded through a compile cache made here) and, in node_modules/,
// only what cannot be bundled: native addons and files read at run time.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, cp, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rolldown, type Plugin } from 'rolldown';
import { projectRoot } from '../config.ts';
import { copyPackage } from './packages.ts';

/** Packages with a compiled addon: loaded from node_modules, never bundled. */
export const nativeAddons = ['@node-rs/argon2', 'sharp'] as const;

/**
 * Packages imported only in one mode, with import(): kept out of app.mjs and
 * copied to node_modules, so a function loads them only when it uses them
 * (the AWS SDK: media in S3, lib/media/s3-storage.ts).
 */
const loadedWhenUsed = ['@aws-sdk/client-s3'];

// pg tries pg-native only when asked (new pg.native); it is not installed.
const neverBundled = [...nativeAddons, ...loadedWhenUsed, 'pg-native'];

const lightFetch = path.join(projectRoot, 'lib', 'build', 'light-fetch.ts');

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
    plugins: [replaceModules(input.replace), englishOnly()],
    // Node's Request, Response and Headers load undici at the first request
    // (~35 ms of CPU); these stand in for them (lib/build/light-fetch.ts).
    transform: { inject: Object.fromEntries(['Request', 'Response', 'Headers'].map((name) => [name, [lightFetch, name]])) },
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
    entryFileNames: 'app.mjs',
    codeSplitting: false,
    minify: true,
    // Pure ASCII source is read and compiled as one-byte strings.
    charset: 'ascii',
    sourcemap: false,
    comments: { legal: false },
  });
  await build.close();
  const [chunk] = output;
  const imported = new Set([...chunk.imports, ...chunk.dynamicImports]);
  const addons = nativeAddons.filter((name) => imported.has(name));
  for (const addon of addons) await copyPackage(addon, input.outDir);
  for (const name of loadedWhenUsed.filter((used) => imported.has(used))) await copyPackage(name, input.outDir);
  await copyFiles(input.files, input.outDir);
  await writeFile(path.join(input.outDir, 'index.mjs'), entry);
  await warmCompileCache(input.outDir);
  return { addons, bytes: Buffer.byteLength(chunk.code) };
}

// What Lambda loads: turns on V8's code cache, made at build time and kept in
// the folder (portable: it keys files relative to itself, so the folder can
// move), then the bundle. A cold start then skips most of compiling app.mjs;
// if the cache does not fit (another Node version), Node compiles as usual.
const entry = `// Made by npm run build (lib/build/bundle.ts).
import module from 'node:module';
module.enableCompileCache({ directory: new URL('compile-cache', import.meta.url).pathname, portable: true });
const app = await import('./app.mjs');
export const handler = app.handler;
export default app.default;
`;

// Loads the bundle and answers one request that needs no database (a 404),
// as a cold start would, so that Node writes the code it compiled on exit.
// Readable by all: Lambda runs the code as another user than the one who zipped it.
async function warmCompileCache(outDir: string): Promise<void> {
  const event = { version: '2.0', rawPath: '/', rawQueryString: '', headers: { host: 'localhost' }, body: null, isBase64Encoded: false, requestContext: { domainName: 'localhost', stage: '$default', http: { method: 'GET', sourceIp: '127.0.0.1' } } };
  const code = `const { handler } = await import(${JSON.stringify(pathToFileURL(path.join(outDir, 'index.mjs')).href)}); await handler(${JSON.stringify(event)}, {});`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
    // A key for this process only, so that the configuration never makes one on disk.
    env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', SECRET_KEY: 'build-time-only-'.padEnd(40, '-') },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const [exit] = (await once(child, 'exit')) as [number | null];
  if (exit !== 0) throw new Error(`loading ${outDir}/index.mjs failed (exit ${String(exit)})`);
  for (const name of await readdir(path.join(outDir, 'compile-cache'), { recursive: true })) {
    const file = path.join(outDir, 'compile-cache', name);
    await chmod(file, (await stat(file)).isDirectory() ? 0o755 : 0o644);
  }
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

// zod's namespace carries its messages in 60 languages (~250 KB of a 700 KB
// bundle, all parsed at every cold start); the API speaks English only.
function englishOnly(): Plugin {
  return {
    name: 'zod-english-only',
    load(id) {
      return /[/\\]zod[/\\]v4[/\\]locales[/\\]index\.js$/.test(id) ? "export { default as en } from './en.js';\n" : null;
    },
  };
}

function replaceModules(replace: Readonly<Record<string, string>>): Plugin {
  return {
    name: 'replace-modules',
    load(id) {
      return Object.hasOwn(replace, id) ? replace[id] : null;
    },
  };
}
