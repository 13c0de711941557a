// What the server's memory is, at the end of a soak: the kernel's view
// (/proc/<pid>/smaps_rollup: file-backed pages, mostly the node binary's code,
// against anonymous ones) beside V8's (a diagnostic report, which the server
// writes on SIGUSR2: its heap by space, external memory such as Buffers,
// and what V8 itself has malloc'ed), and V8's pooled pages: heap pages a
// collection freed, kept resident for reuse and counted in no space (each
// --trace-gc line gives their size). Anonymous memory that none of these
// accounts for is the rest of the native side: libuv, OpenSSL, ICU, thread
// stacks, the allocator's free lists.
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The node flags that make a server write its report on SIGUSR2 into `dir`, and a line per collection on stdout (--trace-gc). */
export function reportFlags(dir: string): string[] {
  return ['--report-on-signal', '--report-signal=SIGUSR2', `--report-directory=${dir}`, '--report-compact', '--trace-gc'];
}

/** The bytes of V8's pooled pages after a collection, from its --trace-gc line ("…, pooled: 44 MB, …"); null for any other line. */
export function parsePooled(line: string): number | null {
  const match = /, pooled: (\d+) MB,/.exec(line);
  return match === null ? null : Number(match[1]) * 2 ** 20;
}

export interface HeapReport {
  readonly javascriptHeap: {
    readonly totalCommittedMemory: number;
    readonly usedMemory: number;
    readonly externalMemory: number;
    readonly mallocedMemory: number;
    readonly heapSpaces: Readonly<Record<string, { readonly committedMemory: number; readonly used: number }>>;
  };
}

/** kB fields of /proc/<pid>/smaps_rollup, in bytes. */
export function parseSmapsRollup(text: string): { rss: number; anonymous: number } {
  const field = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(text);
    if (match === null) throw new Error(`no ${name} in smaps_rollup`);
    return Number(match[1]) * 1024;
  };
  return { rss: field('Rss'), anonymous: field('Anonymous') };
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** `pooled`: V8's pooled pages at the last collection, null when unknown. */
export function memoryLines(smaps: { rss: number; anonymous: number }, report: HeapReport, pooled: number | null): string[] {
  const heap = report.javascriptHeap;
  const spaces = Object.entries(heap.heapSpaces)
    .filter(([, space]) => space.committedMemory > 0)
    .sort((a, b) => b[1].committedMemory - a[1].committedMemory)
    .map(([name, space]) => `${name} ${mib(space.committedMemory)} (${mib(space.used)} used)`);
  const rest = smaps.anonymous - heap.totalCommittedMemory - heap.externalMemory - heap.mallocedMemory - (pooled ?? 0);
  return [
    `memory at the end: RSS ${mib(smaps.rss)} = file-backed ${mib(smaps.rss - smaps.anonymous)} (code of node and its libraries, shared) + anonymous ${mib(smaps.anonymous)}:`,
    `  V8 heap ${mib(heap.totalCommittedMemory)} committed, ${mib(heap.usedMemory)} used: ${spaces.join(', ')}`,
    ...(pooled === null ? [] : [`  V8's pooled pages (freed by a collection, kept for reuse; at the last one) ${mib(pooled)}`]),
    `  external (Buffers, ArrayBuffers) ${mib(heap.externalMemory)}; V8's own malloc ${mib(heap.mallocedMemory)}`,
    `  the rest (libuv, OpenSSL, ICU, thread stacks, the allocator's free lists) ${mib(rest)}`,
  ];
}

/** Asks the server for its report and reads it with its smaps_rollup; the report file is removed after. */
export async function serverMemoryLines(pid: number, dir: string, pooled: number | null): Promise<string[]> {
  const before = new Set(await readdir(dir).catch(() => []));
  process.kill(pid, 'SIGUSR2');
  for (let waited = 0; waited < 10_000; waited += 100) {
    const fresh = (await readdir(dir).catch(() => [])).filter((name) => !before.has(name) && name.endsWith('.json') && name.includes(`.${pid}.`));
    const file = fresh[0];
    if (file !== undefined) {
      const full = path.join(dir, file);
      await sleep(200); // written in one go, but give it time to finish
      const report = JSON.parse(await readFile(full, 'utf8')) as HeapReport;
      await rm(full, { force: true });
      return memoryLines(parseSmapsRollup(await readFile(`/proc/${pid}/smaps_rollup`, 'utf8')), report, pooled);
    }
    await sleep(100);
  }
  return [`the server (pid ${pid}) wrote no diagnostic report to ${dir} within 10 s`];
}
