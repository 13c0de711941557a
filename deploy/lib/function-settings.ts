// Memory, timeout and media access of each function, by name. Memory also
// buys CPU on Lambda (a full vCPU at 1769 MB), which is what password hashing
// (Argon2) and image decoding (sharp) need; the rest is I/O-bound.
import { Duration } from 'aws-cdk-lib';

export type MediaAccess = 'none' | 'read' | 'write';

export interface FunctionSettings {
  readonly memorySize: number;
  readonly timeout: Duration;
  /** What the function does with the media bucket: serve (read), store or delete (write). */
  readonly media: MediaAccess;
}

const standard: FunctionSettings = { memorySize: 512, timeout: Duration.seconds(10), media: 'none' };
// Argon2 (the hasher's memory cost) in sign-up, login, /me updates and the admin.
const hashing: FunctionSettings = { ...standard, memorySize: 1024 };

const byName: Readonly<Record<string, FunctionSettings>> = {
  'user-create': hashing,
  'user-token': hashing,
  'user-me': hashing,
  // sharp decodes each upload in full (up to 100 megapixels) before it is stored.
  'recipe-upload-image': { memorySize: 1769, timeout: Duration.seconds(29), media: 'write' },
  'recipe-detail': { ...standard, media: 'write' }, // a delete removes the image
  'static-media': { ...standard, media: 'read' },
  'admin-login': hashing,
  'admin-users': { ...hashing, media: 'write' }, // a user's delete removes their recipes' images
  'admin-recipes': { ...standard, media: 'write' },
};

export function settingsOf(name: string): FunctionSettings {
  return byName[name] ?? standard;
}

/** The functions given settings of their own (a test checks each is in the build). */
export function configuredFunctionNames(): string[] {
  return Object.keys(byName);
}
