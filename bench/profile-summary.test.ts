import { describe, expect, it } from 'vitest';
import { areaOf, type CpuProfile, type ProfileNode, summarise, summaryLines } from './profile-summary.ts';

const node = (id: number, functionName: string, url: string, children: number[] = []): ProfileNode => ({ id, callFrame: { functionName, url, lineNumber: 0 }, children });

// root → handler (functions/) → validate (lib/http) → parse (zod); handler → execute (kysely) → query (pg); idle; GC.
const profile: CpuProfile = {
  nodes: [
    node(1, '(root)', '', [2, 6, 7]),
    node(2, 'handler', 'file:///w/functions/recipe-list.ts', [3, 5]),
    node(3, 'validate', 'file:///w/lib/http/validation.ts', [4]),
    node(4, 'parse', 'file:///w/node_modules/zod/v4/core/parse.js'),
    node(5, 'execute', 'file:///w/node_modules/kysely/dist/esm/query-executor.js', [8]),
    node(6, '(idle)', ''),
    node(7, '(garbage collector)', ''),
    node(8, 'query', 'file:///w/node_modules/pg/lib/client.js'),
  ],
  samples: [4, 4, 3, 5, 8, 6, 6, 7, 2],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 5000, 5000, 1000, 1000],
};

describe('areaOf', () => {
  it('puts a frame in its package or room', () => {
    expect(areaOf(node(1, 'x', 'file:///w/node_modules/@hono/node-server/dist/listener.mjs'))).toBe('hono');
    expect(areaOf(node(1, 'x', 'file:///w/node_modules/pg-protocol/dist/parser.js'))).toBe('pg');
    expect(areaOf(node(1, 'x', 'file:///w/lib/repositories/recipes.ts'))).toMatch(/^our repositories/);
    expect(areaOf(node(1, 'x', 'node:_http_server'))).toBe('node: http, net, streams');
    expect(areaOf(node(1, '(garbage collector)', ''))).toBe('GC');
    expect(areaOf(node(1, 'JSONStringify', ''))).toBe('native, builtins');
  });
});

describe('summarise', () => {
  it('adds up self time by area and function, and our functions with what they call', () => {
    const summary = summarise(profile);
    expect(summary.totalMs).toBe(17);
    expect(summary.busyMs).toBe(7);
    expect(summary.byArea.find(({ area }) => area === 'zod')?.ms).toBe(2);
    expect(summary.byArea.find(({ area }) => area === 'GC')?.ms).toBe(1);
    expect(summary.topSelf[0]).toEqual({ name: 'parse zod/v4/core/parse.js:1', ms: 2 });
    expect(summary.ourInclusive).toEqual([
      { name: 'handler functions/recipe-list.ts:1', ms: 6 },
      { name: 'validate lib/http/validation.ts:1', ms: 3 },
    ]);
    expect(summaryLines(summary)).toContain(' 28.6 %  zod');
  });
});
