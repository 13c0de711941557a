// The media storage in an S3 bucket (AWS, or any S3-compatible server through
// S3_ENDPOINT). An object appears only once S3 has received all of it, so no
// half-written file is ever visible, and nothing touches the local disk.
// Credentials and region come from the standard AWS environment (variables,
// profile, or a function's role), read by the SDK itself.
import { createHash, randomUUID } from 'node:crypto';
import type * as S3Sdk from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import type { MediaBucket } from '../config.ts';
import { contentTypeOfFile } from './images.ts';
import { log } from '../log.ts';
import { mediaCacheControl, type MediaStorage, type StoredFileInfo, StorageUnavailableError, storedPathSegments } from './media-storage.ts';

// The SDK is imported here, when the storage is made, and never statically:
// a bundler that inlines this module (npm run build) keeps the SDK out of the
// function's code and loads it only in S3 mode.
type Sdk = typeof S3Sdk;

export async function s3Storage(bucket: MediaBucket): Promise<MediaStorage> {
  const sdk: Sdk = await import('@aws-sdk/client-s3');
  return storageOn(sdk, s3Client(sdk, bucket), bucket.name);
}

function s3Client({ S3Client }: Sdk, bucket: MediaBucket): S3Client {
  return new S3Client({
    // S3-compatible servers mostly lack virtual-host buckets (bucket.host).
    ...(bucket.endpoint === null ? {} : { endpoint: bucket.endpoint, forcePathStyle: true }),
    // The SDK's default CRC checksums are refused by some S3-compatible
    // servers; each upload carries a Content-MD5 instead, which they all (and
    // AWS) check. Reads are checked by their length.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // A bucket that does not answer is a quick 503, not a request held until
    // the function's timeout. The SDK retries twice before giving up.
    requestHandler: { connectionTimeout: 3_000, socketTimeout: 30_000 },
  });
}

function storageOn(sdk: Sdk, client: S3Client, Bucket: string): MediaStorage {
  const { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3ServiceException } = sdk;
  const isMissing = (error: unknown) => error instanceof S3ServiceException && (error.name === 'NotFound' || error.name === 'NoSuchKey');
  return {
    async save(folder, extension, bytes) {
      const key = `${folder}/${randomUUID()}.${extension}`;
      if (storedPathSegments(key) === undefined) throw new Error(`not a storable path: ${key}`);
      await send('save', key, () =>
        client.send(
          new PutObjectCommand({
            Bucket,
            Key: key,
            Body: bytes,
            ContentLength: bytes.length,
            ContentMD5: createHash('md5').update(bytes).digest('base64'),
            // What a CDN or the bucket's own domain (MEDIA_URL) serves it with.
            ContentType: contentTypeOfFile(key) ?? 'application/octet-stream',
            CacheControl: mediaCacheControl,
          }),
        ),
      );
      return key;
    },

    async remove(file) {
      if (storedPathSegments(file) === undefined) throw new Error(`not a stored path: ${file}`);
      // Deleting a key that is not there succeeds in S3.
      await send('remove', file, () => client.send(new DeleteObjectCommand({ Bucket, Key: file })));
    },

    async stat(file) {
      if (storedPathSegments(file) === undefined) return undefined;
      const head = await whenFound(isMissing, 'stat', file, () => client.send(new HeadObjectCommand({ Bucket, Key: file })));
      return head === undefined ? undefined : infoOf(head, file);
    },

    async open(file) {
      if (storedPathSegments(file) === undefined) return undefined;
      const object = await whenFound(isMissing, 'open', file, () => client.send(new GetObjectCommand({ Bucket, Key: file })));
      if (object?.Body === undefined) return undefined;
      const stream = object.Body.transformToWebStream() as ReadableStream<Uint8Array>;
      try {
        return { ...infoOf(object, file), stream };
      } catch (error) {
        await stream.cancel(); // frees the connection
        throw error;
      }
    },
  };
}

// Any failure but "no such object" means the bucket cannot be used now
// (unreachable, credentials, permissions, a missing bucket, throttling after
// the SDK's retries): nothing was changed, and the caller answers 503.
async function send<T>(action: string, key: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw unavailable(action, key, error);
  }
}

/** send, where "no such object" is an answer: undefined. */
async function whenFound<T>(isMissing: (error: unknown) => boolean, action: string, key: string, request: () => Promise<T>): Promise<T | undefined> {
  try {
    return await request();
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw unavailable(action, key, error);
  }
}

function unavailable(action: string, key: string, error: unknown): StorageUnavailableError {
  log.warn('media storage unavailable', { action, key, error });
  return new StorageUnavailableError(`media storage unavailable (${action} ${key})`, { cause: error });
}

function infoOf(object: { ContentLength?: number; LastModified?: Date }, key: string): StoredFileInfo {
  if (object.ContentLength === undefined || object.LastModified === undefined) {
    throw new StorageUnavailableError(`the media storage gave no length or time for ${key}`);
  }
  return { size: object.ContentLength, modified: object.LastModified };
}
