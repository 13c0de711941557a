// A built function bundle in a Node process of its own, driven with API
// Gateway events (lib/testing/bundle-runner.ts), for the contract tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { Readable } from 'node:stream';
import { projectRoot } from '../config.ts';
import type { APIGatewayProxyEventV2 } from '../http/lambda.ts';

export interface LambdaResult {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly isBase64Encoded: boolean;
  readonly cookies?: readonly string[];
}

export interface BundleProcess {
  invoke(event: APIGatewayProxyEventV2): Promise<LambdaResult>;
  stop(): Promise<void>;
  /** What the function has written to stderr so far (its warnings and errors). */
  stderr(): string;
}

/** Starts `bundle` (an index.mjs) with exactly `env` (plus PATH) and waits until it is loaded. */
export async function startBundle(bundle: string, env: Readonly<Record<string, string>>): Promise<BundleProcess> {
  const child: ChildProcess = spawn(process.execPath, [path.join(projectRoot, 'lib/testing/bundle-runner.ts'), bundle], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const results = child.stdio[3];
  if (!(results instanceof Readable)) throw new Error('no result pipe');
  const lines = createInterface({ input: results })[Symbol.asyncIterator]();
  const exited = once(child, 'exit');
  const next = async (): Promise<unknown> => {
    const { value, done } = await lines.next();
    if (done === true) throw new Error(`the bundle's process ended: ${stderr}`);
    return JSON.parse(value) as unknown;
  };
  await next(); // {"ready":true}
  return {
    invoke: async (event) => {
      child.stdin?.write(`${JSON.stringify(event)}\n`);
      return (await next()) as LambdaResult;
    },
    stderr: () => stderr,
    stop: async () => {
      child.stdin?.end();
      if (child.exitCode === null) await exited;
    },
  };
}
