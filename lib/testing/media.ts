// What the media storage holds, seen from outside the code under test: the
// folder read with node:fs, the bucket with its own S3 client. Tests written
// against this run unchanged with either store (vitest.config.ts's projects).
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type Config, loadConfig, type MediaBucket } from '../config.ts';
import { filesUnder } from './images.ts';
import { testS3Credentials } from './test-s3.ts';

export interface StoredMedia {
  readonly store: 'folder' | 's3';
  /** Every stored file, as paths under the root of the store, sorted. */
  files(): Promise<string[]>;
  read(file: string): Promise<Uint8Array>;
  /** Puts a file in place as if an upload had stored it. */
  write(file: string, bytes: Uint8Array | string): Promise<void>;
  modified(file: string): Promise<Date>;
  /** Removes every stored file. */
  clear(): Promise<void>;
}

/** The store this test file's configuration names (the test setup chose it). */
export function storedMedia(config: Config = loadConfig()): StoredMedia {
  return config.mediaBucket === null ? folderMedia(config.mediaRoot) : bucketMedia(config.mediaBucket);
}

export function folderMedia(root: string): StoredMedia {
  return {
    store: 'folder',
    files: async () => ((await exists(root)) ? filesUnder(root) : []),
    read: async (file) => new Uint8Array(await readFile(path.join(root, file))),
    write: async (file, bytes) => {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), bytes);
    },
    modified: async (file) => (await stat(path.join(root, file))).mtime,
    clear: () => rm(root, { recursive: true, force: true }),
  };
}

export function bucketMedia(bucket: MediaBucket): StoredMedia {
  const client = testS3Client(bucket.endpoint);
  const Bucket = bucket.name;
  const files = async () => {
    const listed = await client.send(new ListObjectsV2Command({ Bucket }));
    return (listed.Contents ?? []).map(({ Key }) => String(Key)).sort();
  };
  return {
    store: 's3',
    files,
    read: async (file) => {
      const object = await client.send(new GetObjectCommand({ Bucket, Key: file }));
      return object.Body === undefined ? new Uint8Array() : await object.Body.transformToByteArray();
    },
    write: async (file, bytes) => {
      await client.send(new PutObjectCommand({ Bucket, Key: file, Body: bytes }));
    },
    modified: async (file) => {
      const head = await client.send(new HeadObjectCommand({ Bucket, Key: file }));
      if (head.LastModified === undefined) throw new Error(`no LastModified for ${file}`);
      return head.LastModified;
    },
    clear: async () => {
      for (const Key of await files()) await client.send(new DeleteObjectCommand({ Bucket, Key }));
    },
  };
}

/** A client of the test S3 server, independent of the one the code under test makes. */
export function testS3Client(endpoint: string | null): S3Client {
  const { region, ...credentials } = testS3Credentials;
  return new S3Client({
    ...(endpoint === null ? {} : { endpoint, forcePathStyle: true }),
    region,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** A new, empty bucket on the test S3 server; its name. */
export async function createTestBucket(endpoint: string): Promise<string> {
  const name = `test-${randomBytes(6).toString('hex')}`;
  await testS3Client(endpoint).send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
