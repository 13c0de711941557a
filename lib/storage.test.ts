import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { captureLog } from './testing/capture-log.ts';
import { filesUnder } from './testing/images.ts';
import { discardFile, fileSystemStorage, type MediaStorage } from './storage.ts';

const base = await mkdtemp(path.join(tmpdir(), 'recipe-storage-'));
const root = path.join(base, 'media');
const storage = fileSystemStorage(root);
const bytes = new TextEncoder().encode('some bytes');

beforeEach(async () => {
  await rm(base, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('fileSystemStorage', () => {
  it('saves under <folder>/<uuid4>.<extension>, creating the folder, with the exact bytes and no temporary file left', async () => {
    const saved = await storage.save('uploads/recipe', 'png', bytes);
    expect(saved).toMatch(/^uploads\/recipe\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.png$/);
    expect(new Uint8Array(await readFile(path.join(root, saved)))).toEqual(bytes);
    expect(await filesUnder(root)).toEqual([saved]);
  });

  it('gives every save a new name', async () => {
    const first = await storage.save('uploads/recipe', 'png', bytes);
    const second = await storage.save('uploads/recipe', 'png', bytes);
    expect(first).not.toBe(second);
    expect(await filesUnder(root)).toEqual([first, second].sort());
  });

  it('refuses to save into a folder that would leave the root', async () => {
    await expect(storage.save('../elsewhere', 'png', bytes)).rejects.toThrow();
    expect(await filesUnder(base)).toEqual([]);
  });

  it('reports size and time, and opens the content', async () => {
    const saved = await storage.save('uploads/recipe', 'gif', bytes);
    const info = await storage.stat(saved);
    expect(info?.size).toBe(bytes.length);
    expect(info?.modified).toBeInstanceOf(Date);
    const opened = await storage.open(saved);
    expect(opened?.size).toBe(bytes.length);
    expect(new Uint8Array(await new Response(opened?.stream).arrayBuffer())).toEqual(bytes);
  });

  it('removes a file, and removing it again is not an error', async () => {
    const saved = await storage.save('uploads/recipe', 'png', bytes);
    await storage.remove(saved);
    await storage.remove(saved);
    expect(await filesUnder(root)).toEqual([]);
    expect(await storage.stat(saved)).toBeUndefined();
    expect(await storage.open(saved)).toBeUndefined();
  });

  it.each([['../secret.png'], ['/secret.png'], ['uploads/../../secret.png'], ['uploads\\..\\..\\secret.png']])(
    'neither finds nor removes %s, which would leave the root',
    async (file) => {
      await writeFile(path.join(base, 'secret.png'), bytes);
      expect(await storage.stat(file)).toBeUndefined();
      expect(await storage.open(file)).toBeUndefined();
      await expect(storage.remove(file)).rejects.toThrow();
      expect(await filesUnder(base)).toEqual(['secret.png']);
    },
  );
});

describe('discardFile', () => {
  it('logs a failure to remove instead of throwing it: the database change it follows is already committed', async () => {
    const failing: MediaStorage = { ...storage, remove: () => Promise.reject(new Error('disk on fire')) };
    const log = captureLog();
    try {
      await discardFile(failing, 'uploads/recipe/x.png');
    } finally {
      log.restore();
    }
    expect(log.lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'could not remove a media file', file: 'uploads/recipe/x.png' }));
  });
});
