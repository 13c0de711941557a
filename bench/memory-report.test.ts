import { describe, expect, it } from 'vitest';
import { type HeapReport, memoryLines, parseSmapsRollup } from './memory-report.ts';

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
    expect(memoryLines({ rss: 120 * MiB, anonymous: 80 * MiB }, report)).toEqual([
      'memory at the end: RSS 120.0 MiB = file-backed 40.0 MiB (code of node and its libraries, shared) + anonymous 80.0 MiB:',
      '  V8 heap 40.0 MiB committed, 30.0 MiB used: old_space 30.0 MiB (25.0 MiB used), new_space 8.0 MiB (4.0 MiB used)',
      "  external (Buffers, ArrayBuffers) 5.0 MiB; V8's own malloc 1.0 MiB",
      "  the rest (libuv, OpenSSL, ICU, thread stacks, the allocator's free lists) 34.0 MiB",
    ]);
  });
});
