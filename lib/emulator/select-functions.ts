// FUNCTIONS=health-check,user-me: the emulator mounts only the named
// functions of the manifest, to try one alone as it will be deployed.
import { StartupError } from '../startup-error.ts';

export function selectFunctions<App>(manifest: Readonly<Record<string, App>>, names: readonly string[] | null): App[] {
  if (names === null) return Object.values(manifest);
  const unknown = names.filter((name) => !Object.hasOwn(manifest, name));
  if (unknown.length > 0) {
    throw new StartupError(`FUNCTIONS names no function called ${unknown.join(', ')}; the functions are: ${Object.keys(manifest).join(', ')}`);
  }
  return [...new Set(names)].map((name) => manifest[name] as App);
}
