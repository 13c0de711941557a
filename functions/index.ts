// The manifest: every function the emulator mounts, by name. Explicit, never
// a folder scan, so a reader (and a bundler) sees exactly what is deployed.
import docs from './docs.ts';
import healthCheck from './health-check.ts';
import schema from './schema.ts';

export const functions = {
  'health-check': healthCheck,
  schema,
  docs,
} as const;
