// The manifest: every function the emulator mounts, by name. Explicit, never
// a folder scan, so a reader (and a bundler) sees exactly what is deployed.
import docs from './docs.ts';
import healthCheck from './health-check.ts';
import schema from './schema.ts';
import userCreate from './user-create.ts';
import userMe from './user-me.ts';
import userToken from './user-token.ts';

export const functions = {
  'health-check': healthCheck,
  'user-create': userCreate,
  'user-token': userToken,
  'user-me': userMe,
  schema,
  docs,
} as const;
