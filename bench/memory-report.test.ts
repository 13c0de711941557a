import { describe, expect, it } from 'vitest';
import { type HeapReport, memoryLines, parsePooled, parseSmapsRollup } from './memory-report.ts';

const MiB = 2 ** 20;

describe('parseSmapsRollup', () => {
  it('reads Rss and Anonymous in bytes', () => {
    const text = '55e8-7fff ---p 00000000 00:00 0  [rollup]\nRss:                1784 kB\nPss:   189 kB\nAnonymous:           116 kB\nSwap: 0 kB\n';
    expect(parseSmapsRollup(text)).toEqual({ rss: 1784 * 1024, anonymous: 116 * 1024 });
    expect(() => parseSmapsRollup('Rss: 1 kB\n')).toThrow(/no Anonymous/);
  });
});

describe('memoryLines', () => {
  it('splits the RSS into code, the V8 heap by space, external memory and the rest', () => {
    const report: HeapReport = {
      javascriptHeap: {
        totalCommittedMemory: 40 * MiB,
        usedMemory: 30 * MiB,
        externalMemory: 5 * MiB,
        mallocedMemory: 1 * MiB,
        heapSpaces: { old_space: { committedMemory: 30 * MiB, used: 25 * MiB }, new_space: { committedMemory: 8 * MiB, used: 4 * MiB }, read_only_space: { committedMemory: 0, used: 0 } },
      },
    };
    expect(memoryLines({ rss: 120 * MiB, anonymous: 80 * MiB }, report, null)).toEqual([
      'memory at the end: RSS 120.0 MiB = file-backed 40.0 MiB (code of node and its libraries, shared) + anonymous 80.0 MiB:',
      '  V8 heap 40.0 MiB committed, 30.0 MiB used: old_space 30.0 MiB (25.0 MiB used), new_space 8.0 MiB (4.0 MiB used)',
      "  external (Buffers, ArrayBuffers) 5.0 MiB; V8's own malloc 1.0 MiB",
      "  the rest (libuv, OpenSSL, ICU, thread stacks, the allocator's free lists) 34.0 MiB",
    ]);
  });
});

describe('V8\'s pooled pages', () => {
  const gcLine = '[5205:0x13154000]    21234 ms: Scavenge 32.7 (101.4) -> 28.1 (101.4) MB, pooled: 44 MB, 11.08 / 0.01 ms  (average mu = 0.985, current mu = 0.983) task; ';

  it('are read from a --trace-gc line, and from no other', () => {
    expect(parsePooled(gcLine)).toBe(44 * MiB);
    expect(parsePooled('{"level":"warn","msg":"pooled: 44 MB, said a user"}')).toBeNull();
  });

  it('get a line of their own, out of the rest', () => {
    const report: HeapReport = { javascriptHeap: { totalCommittedMemory: 40 * MiB, usedMemory: 30 * MiB, externalMemory: 5 * MiB, mallocedMemory: 1 * MiB, heapSpaces: {} } };
    const lines = memoryLines({ rss: 120 * MiB, anonymous: 80 * MiB }, report, 30 * MiB);
    expect(lines).toContain("  V8's pooled pages (freed by a collection, kept for reuse; at the last one) 30.0 MiB");
    expect(lines.at(-1)).toBe("  the rest (libuv, OpenSSL, ICU, thread stacks, the allocator's free lists) 4.0 MiB");
  });
});
