// npm run openapi [-- <file>]: writes the OpenAPI document, exactly as
// GET /api/schema/ serves it, to a file (default .data/openapi.json), for the
// linters in .ci/run and for client generators. Needs no database.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
// Every function declared, as in the emulator: the document is theirs.
import '../../functions/index.ts';
import schema from '../../functions/schema.ts';
import { dataDir } from '../config.ts';
import { runMain } from './run.ts';

runMain(async () => {
  const file = path.resolve(process.argv[2] ?? path.join(dataDir, 'openapi.json'));
  const response = await schema.request('http://localhost/api/schema/?format=json');
  if (response.status !== 200) throw new Error(`GET /api/schema/ answered ${response.status}`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(await response.json(), null, 2)}\n`);
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
});
