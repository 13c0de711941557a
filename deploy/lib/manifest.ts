// The function bundles the root's `npm run build` writes: dist/functions/
// manifest.json lists each function (its name, the route paths it declares in
// Hono syntax, the native addons it carries), and dist/functions/<name>/ is
// the folder deployed as that Lambda (index.mjs exporting `handler`).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface DeployedFunction {
  /** The function file's name, e.g. `recipe-detail`. */
  readonly name: string;
  /** Route paths in Hono syntax, e.g. `/api/recipe/recipes/:id/`, `/static/media/*`. */
  readonly paths: readonly string[];
  readonly addons: readonly string[];
  /** The bundle folder, uploaded as the function's code. */
  readonly directory: string;
}

export class ManifestError extends Error {
  override name = 'ManifestError';
}

export function readManifest(file: string): DeployedFunction[] {
  if (!existsSync(file)) {
    throw new ManifestError(`no function manifest at ${file}: run \`npm run build\` in the project root first (or pass -c manifest=<path>)`);
  }
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  const entries = (parsed as { functions?: unknown }).functions;
  if (!Array.isArray(entries) || entries.length === 0) throw new ManifestError(`${file}: expected {"functions": [...]} with at least one function`);
  const seen = new Set<string>();
  return entries.map((entry: unknown) => {
    const { name, paths, addons = [] } = entry as { name?: unknown; paths?: unknown; addons?: unknown };
    if (typeof name !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) throw new ManifestError(`${file}: bad function name ${JSON.stringify(name)}`);
    if (seen.has(name)) throw new ManifestError(`${file}: ${name} is listed twice`);
    seen.add(name);
    if (!isStringList(paths) || paths.length === 0 || !paths.every((p) => p.startsWith('/'))) {
      throw new ManifestError(`${file}: ${name} needs "paths", a list of absolute route paths`);
    }
    if (!isStringList(addons)) throw new ManifestError(`${file}: ${name}'s "addons" must be a list of package names`);
    const directory = path.join(path.dirname(file), name);
    if (!existsSync(path.join(directory, 'index.mjs'))) throw new ManifestError(`${file}: ${name} has no bundle at ${directory}/index.mjs`);
    return { name, paths, addons, directory };
  });
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
