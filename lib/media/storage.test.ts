import { execFile } from 'node:child_process';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { captureLog } from '../testing/capture-log.ts';
import { filesUnder } from '../testing/images.ts';
import { bucketMedia, createTestBucket, folderMedia, testS3Client } from '../testing/media.ts';
import { freePort } from '../testing/test-postgres.ts';
import { projectRoot } from '../config.ts';
import { discardFile, type MediaStorage, StorageUnavailableError } from './storage.ts';
import { fileSystemStorage } from './file-system-storage.ts';
import { s3Storage } from './s3-storage.ts';
import { makeTempFolder } from '../testing/temp-folder.ts';

const base = await makeTempFolder('storage-');
const root = path.join(base, 'media');
const endpoint = inject('testS3Endpoint');
const bucket = { name: await createTestBucket(endpoint), endpoint };
const bytes = new TextEncoder().encode('some bytes');
const uuidName = /^uploads\/recipe\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.png$/;

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

// Each store, and the same store seen from outside.
const stores = [
  { name: 'the local folder', storage: fileSystemStorage(root), media: folderMedia(root) },
  { name: 'an S3 bucket', storage: await s3Storage(bucket), media: bucketMedia(bucket) },
];

describe.each(stores)('$name', ({ storage, media }) => {
  beforeEach(() => media.clear());

  it('saves under <folder>/<uuid4>.<extension> with the exact bytes, and nothing else', async () => {
    const saved = await storage.save('uploads/recipe', 'png', bytes);
    expect(saved).toMatch(uuidName);
    expect(await media.read(saved)).toEqual(bytes);
    expect(await media.files()).toEqual([saved]);
  });

  it('gives every save a new name', async () => {
    const first = await storage.save('uploads/recipe', 'png', bytes);
    const second = await storage.save('uploads/recipe', 'png', bytes);
    expect(first).not.toBe(second);
    expect(await media.files()).toEqual([first, second].sort());
  });

  it.each([['../elsewhere'], ['/uploads'], ['uploads//recipe'], ['.hidden']])('refuses to save into %s', async (folder) => {
    await expect(storage.save(folder, 'png', bytes)).rejects.toThrow(/not a storable path/);
    expect(await media.files()).toEqual([]);
  });

  it('reports size and time, and opens the content', async () => {
    const saved = await storage.save('uploads/recipe', 'gif', bytes);
    const info = await storage.stat(saved);
    expect(info?.size).toBe(bytes.length);
    expect(info?.modified).toBeInstanceOf(Date);
    const opened = await storage.open(saved);
    expect(opened?.size).toBe(bytes.length);
    expect(opened?.modified.getTime()).toBe(info?.modified.getTime());
    expect(new Uint8Array(await new Response(opened?.stream).arrayBuffer())).toEqual(bytes);
  });

  it('removes a file, and removing it again is not an error', async () => {
    const saved = await storage.save('uploads/recipe', 'png', bytes);
    await storage.remove(saved);
    await storage.remove(saved);
    expect(await media.files()).toEqual([]);
    expect(await storage.stat(saved)).toBeUndefined();
    expect(await storage.open(saved)).toBeUndefined();
  });

  it.each([['../secret.png'], ['/secret.png'], ['uploads/../../secret.png'], ['uploads\\..\\..\\secret.png'], ['uploads//x.png'], ['uploads/.x.png']])(
    'neither finds nor removes %s',
    async (file) => {
      expect(await storage.stat(file)).toBeUndefined();
      expect(await storage.open(file)).toBeUndefined();
      await expect(storage.remove(file)).rejects.toThrow(/not a stored path/);
    },
  );
});

describe('the local folder alone', () => {
  const storage = fileSystemStorage(root);
  beforeEach(async () => {
    await rm(base, { recursive: true, force: true });
    await mkdir(root, { recursive: true });
  });

  it('creates the folder, and leaves no temporary file', async () => {
    await rm(root, { recursive: true });
    const saved = await storage.save('uploads/recipe', 'png', bytes);
    expect(await filesUnder(base)).toEqual([`media/${saved}`]);
  });

  it('never reaches a file outside the root', async () => {
    await writeFile(path.join(base, 'secret.png'), bytes);
    expect(await storage.stat('../secret.png')).toBeUndefined();
    await expect(storage.remove('../secret.png')).rejects.toThrow();
    expect(await filesUnder(base)).toEqual(['secret.png']);
  });

  it('follows no symlink, to a file or a folder, outside the root or inside it', async () => {
    const saved = await storage.save('uploads/recipe', 'png', bytes);
    await writeFile(path.join(base, 'secret.png'), bytes);
    await symlink(path.join(base, 'secret.png'), path.join(root, 'link-out.png'));
    await symlink(path.join(root, saved), path.join(root, 'link-in.png'));
    await symlink(base, path.join(root, 'dir-out'));
    await symlink(path.join(root, 'uploads'), path.join(root, 'dir-in'));
    for (const file of ['link-out.png', 'link-in.png', 'dir-out/secret.png', `dir-in/${saved.slice('uploads/'.length)}`]) {
      expect(await storage.stat(file), file).toBeUndefined();
      expect(await storage.open(file), file).toBeUndefined();
    }
  });

  it('does not take a folder for a file', async () => {
    await mkdir(path.join(root, 'folder.png'));
    expect(await storage.stat('folder.png')).toBeUndefined();
  });
});

describe('an S3 bucket alone', () => {
  it('stores each object with its content type and long-lived caching, for a CDN that serves the bucket', async () => {
    const saved = await (await s3Storage(bucket)).save('uploads/recipe', 'png', bytes);
    const head = await testS3Client(endpoint).send(new HeadObjectCommand({ Bucket: bucket.name, Key: saved }));
    expect(head.ContentType).toBe('image/png');
    expect(head.CacheControl).toBe('public, max-age=31536000, immutable');
  });

  it('answers every call with StorageUnavailableError, logged with its cause, when the server does not answer', async () => {
    const unreachable = await s3Storage({ name: bucket.name, endpoint: `http://127.0.0.1:${await freePort()}` });
    const log = captureLog();
    try {
      await expect(unreachable.save('uploads/recipe', 'png', bytes)).rejects.toThrow(StorageUnavailableError);
      await expect(unreachable.stat('uploads/recipe/x.png')).rejects.toThrow(StorageUnavailableError);
      await expect(unreachable.open('uploads/recipe/x.png')).rejects.toThrow(StorageUnavailableError);
      await expect(unreachable.remove('uploads/recipe/x.png')).rejects.toThrow(StorageUnavailableError);
    } finally {
      log.restore();
    }
    expect(log.lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'media storage unavailable', action: 'save' }));
  });

  it('takes a missing bucket for an unavailable store, not for a missing file', async () => {
    const missing = await s3Storage({ name: 'no-such-bucket', endpoint });
    await expect(missing.open('uploads/recipe/x.png')).rejects.toThrow(StorageUnavailableError);
    await expect(missing.save('uploads/recipe', 'png', bytes)).rejects.toThrow(StorageUnavailableError);
  });
});

describe('discardFile', () => {
  it('logs a failure to remove instead of throwing it: the database change it follows is already committed', async () => {
    const failing: MediaStorage = { ...fileSystemStorage(root), remove: () => Promise.reject(new Error('disk on fire')) };
    const log = captureLog();
    try {
      await discardFile(failing, 'uploads/recipe/x.png');
    } finally {
      log.restore();
    }
    expect(log.lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'could not remove a media file', file: 'uploads/recipe/x.png' }));
  });
});

describe('mediaStorage', () => {
  // A fresh process, as a function's cold start: which modules does it load?
  async function awsModulesLoaded(env: Record<string, string>): Promise<string[]> {
    const script = `
      import { registerHooks } from 'node:module';
      const loaded = [];
      registerHooks({ resolve(specifier, context, next) { const result = next(specifier, context); loaded.push(result.url); return result; } });
      await import('./functions/static-media.ts');
      await import('./functions/recipe-upload-image.ts');
      const { mediaStorage } = await import('./lib/media/storage.ts');
      await mediaStorage();
      console.log(JSON.stringify(loaded.filter((url) => url.includes('/@aws-sdk/'))));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, SECRET_KEY: 'k'.repeat(40), MEDIA_ROOT: root, LOG_LEVEL: 'error', ...env },
    });
    return JSON.parse(stdout) as string[];
  }

  it('loads the AWS SDK only when the media live in a bucket', async () => {
    expect(await awsModulesLoaded({})).toEqual([]);
    expect(await awsModulesLoaded({ MEDIA_BUCKET: bucket.name, S3_ENDPOINT: endpoint, AWS_REGION: 'us-east-1' })).not.toEqual([]);
  });
});
