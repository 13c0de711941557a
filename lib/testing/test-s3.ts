// One S3-compatible server for a whole test run: s3rver, in this process, on
// 127.0.0.1 and a free port, its data in a temporary folder. No Docker, no
// network beyond loopback. Each test file makes its own bucket.
import { rm } from 'node:fs/promises';
import S3rver from 's3rver';
import { makeTempFolder } from './temp-folder.ts';

/** The one account s3rver knows; the SDK signs with it like with any other. */
export const testS3Credentials = Object.freeze({ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', region: 'us-east-1' });

export interface TestS3 {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export async function startTestS3(): Promise<TestS3> {
  const directory = await makeTempFolder('test-s3-');
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
