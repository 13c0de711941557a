// One function of the manifest made into a folder that runs alone: app.cjs
// (every import bundled), app.cache (V8's code for it, made here), index.mjs
// (the entry, ESM for Node 24: handler and the app) and, in node_modules/,
// only what cannot be bundled: native addons and files read at run time.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync } from 'node:fs';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rolldown, type OutputChunk, type Plugin, type PluginContext } from 'rolldown';
import { projectRoot } from '../config.ts';
import { copyPackage, copyPlatformPackages, packageJson } from './packages.ts';
import { startWarmUpDatabase } from './warm-up-database.ts';

/**
 * Packages with a compiled addon. Their JavaScript is bundled like any other
 * (so the code cache covers it: sharp's is ~40 ms of compiling and running
 * otherwise); their platform packages (optional dependencies: the .node
 * binary, libvips) stay out and go to node_modules, loaded at run time.
 */
export const nativeAddons = ['@node-rs/argon2', 'sharp'] as const;

// Each addon's platform packages, every platform's, so that the requires of
// the others are left to fail at run time as they would unbundled.
const platformPackages = nativeAddons.flatMap((addon) => Object.keys(packageJson(addon).optionalDependencies ?? {}));

/**
 * Packages imported only in one mode, with import(): kept out of app.cjs and
 * copied to node_modules, so a function loads them only when it uses them
 * (the AWS SDK: media in S3, lib/media/s3-storage.ts).
 */
const loadedWhenUsed = ['@aws-sdk/client-s3'];

// pg tries pg-native only when asked (new pg.native); it is not installed.
const neverBundled = [...platformPackages, ...loadedWhenUsed, 'pg-native'];

const lightFetch = path.join(projectRoot, 'lib', 'build', 'light-fetch.ts');
const openApiStub = path.join(projectRoot, 'lib', 'build', 'openapi-stub.ts');
const pool = path.join(projectRoot, 'lib', 'database', 'pool.ts');
const earlyConnection = path.join(projectRoot, 'lib', 'database', 'early-connection.ts');
const generalRules = path.join(projectRoot, 'lib', 'http', 'general-rules.ts');
const nodeHttpClasses = path.join(projectRoot, 'lib', 'build', 'node-http-classes.ts');
const fsPromisesWhenUsed = path.join(projectRoot, 'lib', 'build', 'fs-promises-when-used.ts');
const zodWithoutJit = path.join(projectRoot, 'lib', 'build', 'zod-without-jit.ts');
const images = path.join(projectRoot, 'lib', 'media', 'images.ts');
const passwords = path.join(projectRoot, 'lib', 'auth', 'passwords.ts');

export interface BundleInput {
  readonly name: string;
  readonly entry: string;
  /** A request the function serves, sent once at build time to warm the code cache. */
  readonly warmRequest: WarmRequest;
  readonly outDir: string;
  /** Absolute paths the function reads from disk at run time. */
  readonly files: readonly string[];
  /** Modules replaced by generated source (the OpenAPI document). */
  readonly replace: Readonly<Record<string, string>>;
}

/**
 * The build's warm-up request: a GET of `path`, or what a function's first
 * request usually is (a sign-up's POST with its JSON body), so that the code
 * cache holds the code that request runs (its queries answered by
 * lib/build/warm-up-database.ts).
 */
export interface WarmRequest {
  readonly path: string;
  readonly method?: 'POST';
  readonly body?: Readonly<Record<string, unknown>>;
}

export interface Bundle {
  readonly addons: string[];
  readonly bytes: number;
}

export async function bundleFunction(input: BundleInput): Promise<Bundle> {
  // Which addons the function uses shows once bundled (tree-shaken: the media
  // listing imports images.ts for a file's type, never sharp); the functions
  // that use one are bundled again with its warm-up.
  let chunk = await bundleCode(input, []);
  const addons = nativeAddons.filter((name) => chunk.moduleIds.some((id) => id.includes(`${path.sep}node_modules${path.sep}${name}${path.sep}`)));
  if (addons.length > 0) chunk = await bundleCode(input, warmUps.filter(({ addon }) => addons.includes(addon)));
  await mkdir(input.outDir, { recursive: true });
  await writeFile(path.join(input.outDir, 'app.cjs'), chunk.code, { mode: 0o644 });
  for (const addon of addons) await copyPlatformPackages(addon, input.outDir);
  const imported = new Set([...chunk.imports, ...chunk.dynamicImports]);
  for (const name of loadedWhenUsed.filter((used) => imported.has(used))) await copyPackage(name, input.outDir);
  await copyFiles(input.files, input.outDir);
  await writeFile(path.join(input.outDir, 'index.mjs'), entry);
  await writeCodeCache(input.outDir, input.warmRequest);
  return { addons, bytes: Buffer.byteLength(chunk.code) };
}

async function bundleCode(input: BundleInput, warm: readonly WarmUp[]): Promise<OutputChunk> {
  const build = await rolldown({
    input: bundleEntry,
    platform: 'node',
    // A compiled addon (`./argon2.linux-x64-gnu.node`) is never code to bundle.
    external: (id) => id.endsWith('.node') || neverBundled.some((name) => id === name || id.startsWith(`${name}/`)),
    plugins: [connectingEntry(input.entry, warm), replaceModules(input.replace), englishOnly(), builtinsWhenUsed(), argon2BindingByPath()],
    // The route declarations' OpenAPI side is not needed once built (lib/build/openapi-stub.ts).
    resolve: { alias: { '@hono/zod-openapi': openApiStub } },
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
  try {
    const { output } = await build.generate({
      // CommonJS, so that index.mjs can compile it as a script with a code
      // cache of its own (an ES module's cache is made before it runs).
      format: 'cjs',
      entryFileNames: 'app.cjs',
      exports: 'named',
      codeSplitting: false,
      minify: true,
      // Pure ASCII source is read and compiled as one-byte strings.
      charset: 'ascii',
      sourcemap: false,
      comments: { legal: false },
    });
    return output[0];
  } finally {
    await build.close();
  }
}

/**
 * The V8 flags AWS Lambda's Node runtime starts node with (its bootstrap adds
 * --expose-gc; its other options are Node's own). V8 accepts a code cache
 * only under the flags it was made with, so the cache is made under these,
 * and npm run bench:cold starts its processes with them too.
 */
export const lambdaV8Flags = ['--expose-gc'] as const;

// What Lambda loads: app.cjs, compiled with the code V8 made for it at build
// time (app.cache) after answering a request, so that a cold start neither
// parses nor compiles the functions the first request runs. Node's compile
// cache would not do: for an ES module it keeps only what V8 compiled before
// the module ran. A cache V8 rejects (another Node version or V8 flags) only
// costs the compiling it would have saved: build with the Node version of the
// function's runtime.
// The built-in modules come from process.getBuiltinModule: an ES import of
// node:fs would make its ES facade, which reads every export, loading the
// file streams and fs/promises too (~2 ms of CPU).
const entry = `// Made by npm run build (lib/build/bundle.ts).
const { readFileSync } = process.getBuiltinModule('node:fs');
const { createRequire } = process.getBuiltinModule('node:module');
const { Script, constants } = process.getBuiltinModule('node:vm');
const file = new URL('app.cjs', import.meta.url).pathname;
let cachedData;
try {
  cachedData = readFileSync(new URL('app.cache', import.meta.url));
} catch {}
const wrapped = '(function (exports, require, module, __filename, __dirname) {' + readFileSync(file, 'utf8') + '\\n})';
const script = new Script(wrapped, { filename: file, cachedData, importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
const app = { exports: {} };
script.runInThisContext()(app.exports, createRequire(file), app, file, import.meta.dirname);
// One turn of the event loop: the database connection app.cjs started (if
// its function queries) gets under way before the function's code loads.
await new Promise((resolve) => setImmediate(resolve));
const loaded = await app.exports.loadFunction();
export const handler = loaded.handler;
export default loaded.default;
/** For npm run build: V8's code for app.cjs as compiled so far, after what a first use of its native addons runs. */
export const codeCache = async () => {
  await app.exports.warmUp();
  return script.createCachedData();
};
`;

// Loads the bundle and answers one request (a GET of one of its paths, or
// the function's own warm-up request) as a cold start would, with a token
// and a session cookie, so that authentication and the database's driver
// run too, against a stand-in database that answers every statement with a
// user and a token (lib/build/warm-up-database.ts), then keeps the code V8
// compiled. Readable by all, as is everything else in the folder: Lambda
// runs the code as another user than the one who zipped it.
async function writeCodeCache(outDir: string, warm: WarmRequest): Promise<void> {
  const json = warm.body === undefined ? {} : { 'content-type': 'application/json' };
  const event = {
    version: '2.0',
    rawPath: warm.path,
    rawQueryString: '',
    headers: { host: 'localhost', authorization: 'Token 0000000000000000000000000000000000000000', cookie: 'sessionid=0', ...json },
    body: warm.body === undefined ? null : JSON.stringify(warm.body),
    isBase64Encoded: false,
    requestContext: { domainName: 'localhost', stage: '$default', http: { method: warm.method ?? 'GET', sourceIp: '127.0.0.1' } },
  };
  const index = pathToFileURL(path.join(outDir, 'index.mjs')).href;
  const cache = path.join(outDir, 'app.cache');
  const code = `const bundle = await import(${JSON.stringify(index)}); await bundle.handler(${JSON.stringify(event)}, {}); (await import('node:fs')).writeFileSync(${JSON.stringify(cache)}, await bundle.codeCache(), { mode: 0o644 }); process.exit(0);`;
  await using database = await startWarmUpDatabase();
  // It exits once the cache is written: its database connection would keep it waiting.
  const child = spawn(process.execPath, [...lambdaV8Flags, '--input-type=module', '-e', code], {
    // A key for this process only, so that the configuration never makes one on disk.
    env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', SECRET_KEY: 'build-time-only-'.padEnd(40, '-'), ALLOWED_HOSTS: 'localhost', DATABASE_URL: database.url, AWS_LAMBDA_FUNCTION_NAME: 'build' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const [exit] = (await once(child, 'exit')) as [number | null];
  if (exit !== 0) throw new Error(`loading ${outDir}/index.mjs failed (exit ${String(exit)})`);
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

// Built-in modules that cost a cold start CPU and that the first request
// rarely needs: the general rules' node:http classes (stand-ins that load it
// only when asked, lib/build/node-http-classes.ts), and node:fs/promises
// where our own modules import it (loaded at the first call,
// lib/build/fs-promises-when-used.ts). Packages keep Node's own.
function builtinsWhenUsed(): Plugin {
  return {
    name: 'builtins-when-used',
    resolveId(id, importer) {
      if (id === 'node:http' && importer === generalRules) return nodeHttpClasses;
      if (id === 'node:fs/promises' && importer !== undefined && ownModule(importer)) return fsPromisesWhenUsed;
      return null;
    },
  };
}

function ownModule(id: string): boolean {
  return id.startsWith(`${projectRoot}${path.sep}`) && !id.includes(`${path.sep}node_modules${path.sep}`) && id !== fsPromisesWhenUsed;
}

// @node-rs/argon2's loader (napi-rs's) finds its binary at run time: it
// reads /usr/bin/ldd to tell glibc from musl (and, without it, makes a whole
// diagnostic report), tries a file next to itself, then resolves the
// platform package and reads its package.json: ~2 ms of a login's cold
// start. The bundle carries one binary, the one this build copied (for the
// machine it runs on, copyPlatformPackages), so it loads that by its path;
// with several platforms' installed the loader stays as it is.
function argon2BindingByPath(): Plugin {
  const installed = Object.keys(packageJson('@node-rs/argon2').optionalDependencies ?? {}).filter((name) => existsSync(path.join(projectRoot, 'node_modules', name)));
  const binary = installed.length === 1 ? binaryOf(installed[0] ?? '') : undefined;
  const loader = path.join(projectRoot, 'node_modules', '@node-rs', 'argon2', 'index.js');
  return {
    name: 'argon2-binding-by-path',
    load(id) {
      if (binary === undefined || id !== loader) return null;
      return [
        '// lib/build/bundle.ts: the binary this bundle carries, by its path.',
        'const binding = { exports: {} };',
        `process.dlopen(binding, require('node:path').join(__dirname, ${JSON.stringify(path.join('node_modules', binary))}));`,
        'module.exports = binding.exports;',
      ].join('\n');
    },
  };
}

// The .node file of an installed platform package, relative to node_modules/.
function binaryOf(name: string): string | undefined {
  const folder = path.join(projectRoot, 'node_modules', name);
  const file = readdirSync(folder).find((entry) => entry.endsWith('.node'));
  return file === undefined ? undefined : path.join(name, file);
}

function replaceModules(replace: Readonly<Record<string, string>>): Plugin {
  return {
    name: 'replace-modules',
    load(id) {
      return Object.hasOwn(replace, id) ? replace[id] : null;
    },
  };
}

const bundleEntry = '\0bundle-entry';

// A 1×1 PNG: what the build's warm-up gives a function that decodes images.
const tinyPng = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAADElEQVQImWP4//8/AAX+Av5Y8msOAAAAAElFTkSuQmCC';

// What a function's first use of a native addon runs, done once at build
// time (warmUp, after the warm-up request) so that the code cache holds that
// JavaScript compiled too: sharp's on a decode, Argon2's loader on a hash
// and a verification. Only in the functions that use the addon; nothing of
// it runs when the function is deployed.
interface WarmUp {
  readonly addon: (typeof nativeAddons)[number];
  readonly module: string;
  readonly run: string;
}

const warmUps: readonly WarmUp[] = [
  { addon: 'sharp', module: images, run: `await m.detectImage(Buffer.from(${JSON.stringify(tinyPng)}, 'base64'));` },
  { addon: '@node-rs/argon2', module: passwords, run: "await m.verifyPassword(null, 'warm-up');" },
];

// app.cjs's entry. It first turns zod's compiled parsers off
// (lib/build/zod-without-jit.ts). A function that queries the database first loads pg
// alone and starts connecting (lib/database/early-connection.ts: the URL read
// without zod); index.mjs then lets the event loop turn once, so the
// connection is under way, before loading the function itself (a dynamic
// import, which rolldown keeps in the same file, evaluated only when called):
// the server starts its backend and authenticates while zod, Kysely and the
// function load. The pool then takes that connection as its first
// (connectEarly). Others (docs, static files) only load the function.
function connectingEntry(functionEntry: string, warm: readonly WarmUp[]): Plugin {
  return {
    name: 'connecting-entry',
    resolveId(id) {
      return id === bundleEntry ? id : null;
    },
    async load(id) {
      if (id !== bundleEntry) return null;
      const reached = await reachedFrom(this, functionEntry, [pool]);
      const warmUp = `export const warmUp = async () => { ${warm.map(({ module, run }) => `{ const m = await import(${JSON.stringify(module)}); ${run} }`).join(' ')} };\n`;
      const first = `import ${JSON.stringify(zodWithoutJit)};`;
      if (!reached.has(pool)) return `${first}\nexport const loadFunction = () => import(${JSON.stringify(functionEntry)});\n${warmUp}`;
      return [
        first,
        `import { startConnecting } from ${JSON.stringify(earlyConnection)};`,
        'startConnecting();',
        'export const loadFunction = async () => {',
        `  const loaded = await import(${JSON.stringify(functionEntry)});`,
        `  (await import(${JSON.stringify(pool)})).connectEarly();`,
        '  return loaded;',
        '};',
        warmUp,
      ].join('\n');
    },
  };
}

// Which of `targets` (modules of ours) `from` imports, directly or through
// other modules of ours (each loaded once, as the build would anyway).
// Packages are not followed: none imports ours, and rolldown's load() of a
// file a package only names in a require() it would never resolve waits forever.
async function reachedFrom(context: PluginContext, from: string, targets: readonly string[]): Promise<Set<string>> {
  const seen = new Set<string>();
  const visit = async (id: string): Promise<void> => {
    if (seen.has(id) || !path.isAbsolute(id) || id.includes(`${path.sep}node_modules${path.sep}`)) return;
    seen.add(id);
    const { importedIds, dynamicallyImportedIds } = await context.load({ id });
    await Promise.all([...importedIds, ...dynamicallyImportedIds].map(visit));
  };
  await visit(from);
  return new Set(targets.filter((target) => seen.has(target)));
}
