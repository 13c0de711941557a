// The secrets layer's preload, against a local stand-in for the AWS Parameters
// and Secrets Lambda Extension (its HTTP interface: GET
// /secretsmanager/get?secretId=…, the session token in a header).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { secretsLayerPath } from '../lib/recipe-api-stack.ts';

const secrets: Record<string, string> = {
  'arn:secret-key': 'k'.repeat(64),
  'arn:database': JSON.stringify({ username: 'recipe', password: 'p@ss word' }),
};
let server: Server;
let port = 0;
let notReadyAnswers = 0;

before(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    // The extension is briefly "not ready" after it starts.
    if (notReadyAnswers > 0) {
      notReadyAnswers -= 1;
      response.writeHead(400).end('not ready to serve traffic, please wait');
      return;
    }
    const secret = secrets[url.searchParams.get('secretId') ?? ''];
    if (request.headers['x-aws-parameters-secrets-token'] !== 'session-token' || secret === undefined) {
      response.writeHead(400).end('secret not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ SecretString: secret }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

after(() => {
  server.close();
});

async function runWithPreload(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const script = 'console.log(JSON.stringify({ SECRET_KEY: process.env.SECRET_KEY, DB_PASS: process.env.DB_PASS }))';
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', path.join(secretsLayerPath, 'load-secrets.mjs'), '-e', script], {
      env: { PATH: process.env.PATH, AWS_SESSION_TOKEN: 'session-token', PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(port), ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('load-secrets.mjs', () => {
  it('sets each <NAME> from <NAME>_SECRET_ARN before the code runs, a JSON field when <NAME>_SECRET_FIELD says so, waiting for the extension', async () => {
    notReadyAnswers = 3;
    const result = await runWithPreload({ SECRET_KEY_SECRET_ARN: 'arn:secret-key', DB_PASS_SECRET_ARN: 'arn:database', DB_PASS_SECRET_FIELD: 'password' });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { SECRET_KEY: 'k'.repeat(64), DB_PASS: 'p@ss word' });
  });

  it('stops the init with one line naming the variable when a secret cannot be read', async () => {
    const result = await runWithPreload({ SECRET_KEY_SECRET_ARN: 'arn:missing' });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /cannot read SECRET_KEY from Secrets Manager \(SECRET_KEY_SECRET_ARN\)/);
  });

  it('refuses a JSON field the secret does not have', async () => {
    const result = await runWithPreload({ DB_PASS_SECRET_ARN: 'arn:database', DB_PASS_SECRET_FIELD: 'pass' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /no text field \\"pass\\"/);
  });
});
