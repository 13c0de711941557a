import { describe, expect, it } from 'vitest';
import { baselineTable, ratio } from './baseline-report.ts';
import type { Row } from './report.ts';

const row = (more: Partial<Row>): Row => ({ name: 'me', request: 'GET /api/user/me/', requestsPerSecond: 1000, p50Ms: 1, p99Ms: 4.5, cpuMicrosPerRequest: 200, databaseCpuMicrosPerRequest: 90, errors: 0, ...more });

describe('ratio', () => {
  it('is ours over the baseline, or null without both', () => {
    expect(ratio(800, 1000)).toBe(0.8);
    expect(ratio(null, 1000)).toBeNull();
    expect(ratio(800, null)).toBeNull();
    expect(ratio(800, 0)).toBeNull();
  });
});

describe('baselineTable', () => {
  it('prints one Markdown row per case: both rates, their ratio, p99s, CPU per request of server and database, errors and which ran first', () => {
    const table = baselineTable([
      { ours: row({}), baseline: row({ requestsPerSecond: 2000, p99Ms: 2.25, cpuMicrosPerRequest: 100, databaseCpuMicrosPerRequest: 88 }), first: 'baseline' },
      { ours: row({ name: 'list', requestsPerSecond: null, errors: 1 }), baseline: row({ name: 'list' }), first: 'ours' },
    ]);
    const lines = table.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\| case \| req\/s ours \| req\/s bare \| ours\/bare \| p99 ours \| p99 bare \| CPU\/req ours \| CPU\/req bare \| CPU ours\/bare \| db CPU\/req ours \| db CPU\/req bare \| errors ours\/bare \| first/);
    expect(lines[1]).toMatch(/^\|------\|-+:\|/);
    expect(lines[2]?.split('|').map((cell) => cell.trim())).toEqual(['', 'me', '1000', '2000', '0.50', '4.50 ms', '2.25 ms', '200 µs', '100 µs', '2.00', '90 µs', '88 µs', '0/0', 'baseline', '']);
    expect(lines[3]?.split('|').map((cell) => cell.trim())).toEqual(['', 'list', '—', '1000', '—', '4.50 ms', '4.50 ms', '200 µs', '200 µs', '1.00', '90 µs', '90 µs', '1/0', 'ours', '']);
  });
});
