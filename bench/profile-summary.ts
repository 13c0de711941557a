// Reads a V8 CPU profile (`npm run bench -- --cpu-prof` leaves them in
// .data/profiles) and says where the time went: self time by area (our HTTP
// layer, Hono, zod, Kysely, pg, Node's own HTTP, GC, idle…), the functions
// with the most self time, and our own functions with the most time
// including what they call. `node bench/profile-summary.ts <file>`.
import { readFile } from 'node:fs/promises';

export interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  /** Microseconds before each sample. */
  readonly timeDeltas: readonly number[];
}

// First match wins: the more specific names first.
const areas: readonly (readonly [string, RegExp])[] = [
  ['idle', /^\(idle\)$/],
  ['GC', /^\(garbage collector\)$/],
  ['program (V8, native)', /^\(program\)$/],
  ['zod', /node_modules\/(zod|@hono\/zod-openapi|@asteasolutions)\//],
  ['hono', /node_modules\/(hono|@hono\/node-server)\//],
  ['kysely', /node_modules\/kysely\//],
  ['pg', /node_modules\/(pg|pg-protocol|pg-types|pg-pool|postgres-array|postgres-date|postgres-bytea|postgres-interval)\//],
  ['other packages', /node_modules\//],
  ['our HTTP layer (lib/http, lib/emulator)', /\/lib\/(http|emulator)\//],
  ['our repositories and database (lib/repositories, lib/database)', /\/lib\/(repositories|database)\//],
  ['our functions', /\/functions\//],
  ['our log, config', /\/lib\/[^/]+\.ts$/],
  ['node: http, net, streams', /^node:(_http|http|net|stream|internal\/(http|streams|stream_base))/],
  ['node: other', /^node:/],
];

export function areaOf(node: ProfileNode): string {
  const { functionName, url } = node.callFrame;
  for (const [area, pattern] of areas) if (pattern.test(url) || (url === '' && pattern.test(functionName))) return area;
  return url === '' ? 'native, builtins' : 'other';
}

export interface Summary {
  readonly totalMs: number;
  readonly busyMs: number;
  readonly byArea: readonly { readonly area: string; readonly ms: number }[];
  readonly topSelf: readonly { readonly name: string; readonly ms: number }[];
  readonly ourInclusive: readonly { readonly name: string; readonly ms: number }[];
}

export function summarise(profile: CpuProfile, top = 20): Summary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  const areaTime = new Map<string, number>();
  const selfByName = new Map<string, number>();
  const ours = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (node === undefined) continue;
    total += us;
    add(areaTime, areaOf(node), us);
    add(selfByName, nameOf(node), us);
    // Each of our functions on the stack once, however deep the recursion.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at);
      if (frame === undefined || !/\/(lib|functions)\//.test(frame.callFrame.url) || /node_modules/.test(frame.callFrame.url)) continue;
      const name = nameOf(frame);
      if (!seen.has(name)) add(ours, name, us);
      seen.add(name);
    }
  }
  const ms = (map: Map<string, number>) => [...map].map(([key, us]) => [key, us / 1000] as const).sort((a, b) => b[1] - a[1]);
  const idle = (areaTime.get('idle') ?? 0) / 1000;
  return {
    totalMs: total / 1000,
    busyMs: total / 1000 - idle,
    byArea: ms(areaTime).map(([area, value]) => ({ area, ms: value })),
    topSelf: ms(selfByName).filter(([name]) => name !== '(idle)').slice(0, top).map(([name, value]) => ({ name, ms: value })),
    ourInclusive: ms(ours).slice(0, top).map(([name, value]) => ({ name, ms: value })),
  };
}

function nameOf(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*?\/(lib|functions|bench)\//, '$1/');
  return url === '' ? functionName || '(anonymous)' : `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
}

export function summaryLines(summary: Summary): string[] {
  const share = (value: number) => `${((value / summary.busyMs) * 100).toFixed(1)} %`.padStart(7);
  return [
    `busy ${summary.busyMs.toFixed(0)} ms of ${summary.totalMs.toFixed(0)} ms sampled; shares are of the busy time`,
    '',
    'self time by area:',
    ...summary.byArea.filter(({ area }) => area !== 'idle').map(({ area, ms }) => `${share(ms)}  ${area}`),
    '',
    'functions with the most self time:',
    ...summary.topSelf.map(({ name, ms }) => `${share(ms)}  ${name}`),
    '',
    'our functions, with what they call:',
    ...summary.ourInclusive.map(({ name, ms }) => `${share(ms)}  ${name}`),
  ];
}

if (import.meta.main) {
  const file = process.argv[2];
  if (file === undefined) {
    process.stderr.write('usage: node bench/profile-summary.ts <file.cpuprofile>\n');
    process.exitCode = 2;
  } else {
    const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
    console.log(summaryLines(summarise(profile)).join('\n'));
  }
}
