// npm run build: one folder per function of the manifest in dist/functions/,
// each ready to zip and deploy alone, and dist/functions/manifest.json saying
// which paths each serves and which native addons it carries.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { functions } from '../../functions/index.ts';
import { runMain } from '../cli/run.ts';
import { projectRoot } from '../config.ts';
import { declaredPaths } from '../http/app.ts';
import { openApiDocument } from '../http/openapi-document.ts';
import { log } from '../log.ts';
import { bundleFunction, type WarmRequest } from './bundle.ts';

// --out elsewhere: the contract tests build into a folder of their own;
// --only name,…: those functions alone (to try a change on a few).
const { values: options } = parseArgs({ options: { out: { type: 'string', default: path.join(projectRoot, 'dist', 'functions') }, only: { type: 'string' } } });
const only = options.only?.split(',').filter((name) => name !== '');
const distDir = path.resolve(options.out);

export interface ManifestEntry {
  readonly name: string;
  /** The route paths exactly as the function declares them, in Hono syntax. */
  readonly paths: readonly string[];
  /** The native packages its node_modules/ carries. */
  readonly addons: readonly string[];
  /** Size of app.cjs, the bundled code. */
  readonly bytes: number;
}

runMain(async () => {
  await rm(distDir, { recursive: true, force: true });
  await mkdir(distDir, { recursive: true });
  // The document of every function, made here where all are loaded, replaces
  // the module that would build it, so the schema function imports no other.
  const documentModule = path.join(projectRoot, 'lib', 'http', 'openapi-document.ts');
  const replace = { [documentModule]: `const document = ${JSON.stringify(openApiDocument())};\nexport function openApiDocument() { return document; }\n` };
  const entries: ManifestEntry[] = [];
  for (const [name, app] of Object.entries(functions)) {
    if (only !== undefined && !only.includes(name)) continue;
    const module = (await import(`../../functions/${name}.ts`)) as { filesReadAtRunTime?: readonly string[]; warmUpRequest?: Omit<WarmRequest, 'path'> };
    const paths = declaredPaths(app);
    const bundle = await bundleFunction({
      name,
      entry: path.join(projectRoot, 'functions', `${name}.ts`),
      warmRequest: { path: examplePath(paths[0] ?? '/'), ...module.warmUpRequest },
      outDir: path.join(distDir, name),
      files: module.filesReadAtRunTime ?? [],
      replace,
    });
    entries.push({ name, paths, addons: bundle.addons, bytes: bundle.bytes });
    log.info('bundled', { function: name, kb: Math.round(bundle.bytes / 1024), addons: bundle.addons });
  }
  await writeFile(path.join(distDir, 'manifest.json'), `${JSON.stringify({ functions: entries }, null, 2)}\n`);
});

// A concrete path of a route path: each parameter (`:id`, `:rest{.+}`, `*`) becomes 1.
function examplePath(honoPath: string): string {
  return honoPath.replaceAll(/:\w+(\{[^}]*\})?|\*/g, '1');
}
