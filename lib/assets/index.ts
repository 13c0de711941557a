// Where the files we ship (CSS, scripts) are at run time: this folder in the
// sources; the bundle's own folder once built (the build copies them there,
// and this module's import.meta then is the bundle's).
import path from 'node:path';

export function assetPath(name: string): string {
  return path.join(import.meta.dirname, name);
}
