import { describe, expect, it } from 'vitest';
import { parseVmRss } from './rss.ts';

const MiB = 1024 * 1024;

describe('parseVmRss', () => {
  it('reads VmRSS from /proc/<pid>/status, in bytes', () => {
    expect(parseVmRss('Name:\tnode\nVmPeak:\t 1200000 kB\nVmRSS:\t   98304 kB\nRssAnon:\t 60000 kB\n')).toBe(96 * MiB);
  });

  it('refuses a status without it (a zombie has none)', () => {
    expect(() => parseVmRss('Name:\tnode\nState:\tZ (zombie)\n')).toThrow(/no VmRSS/);
  });
});
