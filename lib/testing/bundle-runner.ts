// Runs in a fresh Node process, as Lambda's runtime would: imports one built
// bundle and passes it each event read from stdin (one JSON line each, one at
// a time), writing each result as one JSON line on file descriptor 3 (stdout
// and stderr are the function's log, as on Lambda).
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const bundle = process.argv[2];
if (bundle === undefined) throw new Error('usage: bundle-runner.ts <dist/functions/<name>/index.mjs>');
const { handler } = (await import(pathToFileURL(bundle).href)) as { handler: (event: unknown, context: unknown) => Promise<unknown> };
const results = createWriteStream('', { fd: 3 });
results.write('{"ready":true}\n');
for await (const line of createInterface({ input: process.stdin })) {
  const result = await handler(JSON.parse(line), {});
  results.write(`${JSON.stringify(result)}\n`);
}
