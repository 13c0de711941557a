import { describe, expect, it } from 'vitest';
import { type Measurement, rowOf } from './run-case.ts';

const benchCase = { name: 'me', request: 'GET /api/user/me/' };

function measurement(overrides: Partial<Measurement>): Measurement {
  return { requests: 1000, seconds: 1, serverCpuSeconds: 0.1, databaseCpuSeconds: 0.05, p50Ms: 2, p99Ms: 9, errors: 0, problem: null, ...overrides };
}

describe('rowOf', () => {
  it("gives one run's figures as they are", () => {
    expect(rowOf(benchCase, [measurement({})])).toEqual({ ...benchCase, requestsPerSecond: 1000, p50Ms: 2, p99Ms: 9, cpuMicrosPerRequest: 100, databaseCpuMicrosPerRequest: 50, errors: 0 });
  });

  it('adds runs up: requests over their time, CPU over their requests, the worst percentiles, every error', () => {
    const row = rowOf(benchCase, [
      measurement({ requests: 3000, seconds: 2, serverCpuSeconds: 0.6, databaseCpuSeconds: 0.3, p50Ms: 1, p99Ms: 12, errors: 1 }),
      measurement({ requests: 1000, seconds: 2, serverCpuSeconds: 0.2, databaseCpuSeconds: 0.1, p50Ms: 4, p99Ms: 8, errors: 2 }),
    ]);
    // 4000 requests in 4 s; 0.8 s of server CPU over 4000 requests.
    expect(row).toMatchObject({ requestsPerSecond: 1000, cpuMicrosPerRequest: 200, databaseCpuMicrosPerRequest: 100, p50Ms: 4, p99Ms: 12, errors: 3 });
  });

  it('leaves out what a run could not read, and reports nothing run as not run', () => {
    expect(rowOf(benchCase, [measurement({}), measurement({ databaseCpuSeconds: null })])).toMatchObject({ cpuMicrosPerRequest: 100, databaseCpuMicrosPerRequest: null });
    expect(rowOf(benchCase, [])).toMatchObject({ requestsPerSecond: null, cpuMicrosPerRequest: null, p99Ms: null, errors: 0 });
  });
});
