import { describe, expect, it } from 'vitest';
import { rssLimitBytes, soakLines, soakProblems, type SoakResult } from './soak-report.ts';
import type { WrkResult } from './wrk-output.ts';

const MiB = 1024 * 1024;
const clean: WrkResult = { requests: 120_000, requestsPerSecond: 1999.6, p50Ms: 12.34, p99Ms: 150.2, non2xx: 0, socketErrors: { connect: 0, read: 0, write: 0, timeout: 0 } };

describe('soakLines', () => {
  it('prints the figures, and the RSS at the start, at the end and at most', () => {
    expect(soakLines({ wrk: clean, rss: [90 * MiB, 130.25 * MiB, 110 * MiB] }, 2)).toEqual([
      'requests: 120000, 2000 req/s, p50 12.3 ms, p99 150 ms, 0 errors',
      'server RSS: 90.0 MiB at the start, 110.0 MiB at the end, 130.3 MiB at most (3 readings, every 2 s; limit 150.0 MiB at the end)',
    ]);
  });
});

describe('soakProblems', () => {
  it('passes a clean run that ends under the limit, whatever its peak', () => {
    expect(soakProblems({ wrk: clean, rss: [90 * MiB, 200 * MiB, rssLimitBytes] })).toEqual([]);
  });

  it('fails on any error response or socket error, saying which', () => {
    const result: SoakResult = { wrk: { ...clean, non2xx: 3, socketErrors: { ...clean.socketErrors, timeout: 1 } }, rss: [90 * MiB] };
    expect(soakProblems(result)).toEqual(['3 of 120000 responses were 4xx/5xx; socket errors: connect 0, read 0, write 0, timeout 1']);
  });

  it('fails when the server ends over the limit', () => {
    expect(soakProblems({ wrk: clean, rss: [90 * MiB, 151 * MiB] })).toEqual(["the server's RSS at the end, 151.0 MiB, is over the limit of 150.0 MiB"]);
  });
});
