import { expect, test } from 'vitest';
import { findCycles, importGraph } from './import-cycles.ts';

const graphOf = (sources: Record<string, string>) => importGraph(new Map(Object.entries(sources)));

test('a ring of imports, type-only and re-exports included, is reported as the way round it', () => {
  const graph = graphOf({
    'functions/index.ts': "import schema from './schema.ts';\nexport const functions = { schema };",
    'functions/schema.ts': "import { openApiDocument } from '../lib/http/openapi-document.ts';",
    'lib/http/openapi-document.ts': "import type { functions } from '../../functions/index.ts';",
    'lib/http/app.ts': "export * from './errors.ts';",
    'lib/http/errors.ts': "import { log } from '../log.ts';",
    'lib/log.ts': "import { z } from 'zod';",
  });
  expect(findCycles(graph)).toEqual([['functions/index.ts', 'functions/schema.ts', 'lib/http/openapi-document.ts', 'functions/index.ts']]);
});

test('a dynamic import closes a cycle too; a file importing itself is one', () => {
  const graph = graphOf({
    'lib/a.ts': "export const load = () => import('./b.ts');",
    'lib/b.ts': "import { load } from './a.ts';",
    'lib/c.ts': "import { self } from './c.ts';",
  });
  expect(findCycles(graph)).toEqual([
    ['lib/a.ts', 'lib/b.ts', 'lib/a.ts'],
    ['lib/c.ts', 'lib/c.ts'],
  ]);
});

test('imports that only go one way are no cycle', () => {
  const graph = graphOf({
    'lib/a.ts': "import { b } from './b.ts'; import { c } from './c.ts';",
    'lib/b.ts': "import { c } from './c.ts';",
    'lib/c.ts': "import { z } from 'zod';",
  });
  expect(findCycles(graph)).toEqual([]);
});
