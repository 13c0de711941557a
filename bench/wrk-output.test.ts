import { describe, expect, it } from 'vitest';
import { errorCount, parseWrkOutput } from './wrk-output.ts';

// As wrk 4.1 prints it with --latency (format strings from wrk.c).
const clean = `Running 10s test @ http://127.0.0.1:8000/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.10ms  400.12us  12.00ms   90.00%
    Req/Sec    14.20k     1.01k   16.00k    70.00%
  Latency Distribution
     50%  812.00us
     75%    1.30ms
     90%    1.80ms
     99%    3.25ms
  282634 requests in 10.00s, 60.10MB read
Requests/sec:  28263.40
Transfer/sec:      6.01MB
`;

const failing = `Running 10s test @ http://127.0.0.1:8000/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   741.00ms  100.00ms    1.98s    80.00%
    Req/Sec    20.00      8.00     40.00     70.00%
  Latency Distribution
     50%  741.00ms
     75%  800.00ms
     90%  900.00ms
     99%    1.50s
  390 requests in 10.01s, 100.00KB read
  Socket errors: connect 0, read 2, write 0, timeout 7
  Non-2xx or 3xx responses: 12
Requests/sec:     38.96
Transfer/sec:      9.99KB
`;

describe('parseWrkOutput', () => {
  it('reads throughput and the 50% and 99% latencies in milliseconds', () => {
    expect(parseWrkOutput(clean)).toEqual({
      requests: 282634,
      requestsPerSecond: 28263.4,
      p50Ms: 0.812,
      p99Ms: 3.25,
      non2xx: 0,
      socketErrors: { connect: 0, read: 0, write: 0, timeout: 0 },
    });
    expect(errorCount(parseWrkOutput(clean))).toBe(0);
  });

  it('counts error responses and socket errors, and reads latencies in seconds', () => {
    const result = parseWrkOutput(failing);
    expect(result.p99Ms).toBe(1500);
    expect(result.non2xx).toBe(12);
    expect(result.socketErrors).toEqual({ connect: 0, read: 2, write: 0, timeout: 7 });
    expect(errorCount(result)).toBe(21);
  });

  it('refuses output without the latency distribution', () => {
    expect(() => parseWrkOutput(clean.replace(/ {2}Latency Distribution[\s\S]*?99%.*\n/, ''))).toThrow(/50% latency/);
  });
});
