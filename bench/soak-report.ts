// What --soak prints, and what makes it fail: any error response or socket
// error, or a server that ends the run holding more memory than it should.
// The limit applies to the last reading, not the peak: a heap that grows
// under load and is collected afterwards is fine, one that stays grown is not.
import { milliseconds } from './report.ts';
import { errorCount, type WrkResult } from './wrk-output.ts';

// The ceiling set for the API after a soak. VmRSS counts all the process
// holds (code, the V8 heap, native memory), as the kernel does when it picks
// a process to kill for want of memory.
export const rssLimitBytes = 150 * 1024 * 1024;

export interface SoakResult {
  readonly wrk: WrkResult;
  /** Every reading of the server's RSS in bytes: the first just before wrk starts, the last just after it ends. */
  readonly rss: readonly number[];
}

export function soakLines(result: SoakResult, sampleSeconds: number): string[] {
  const { wrk, rss } = result;
  const first = rss[0] ?? 0;
  const last = rss.at(-1) ?? 0;
  return [
    `requests: ${wrk.requests}, ${wrk.requestsPerSecond.toFixed(0)} req/s, p50 ${milliseconds(wrk.p50Ms)}, p99 ${milliseconds(wrk.p99Ms)}, ${errorCount(wrk)} errors`,
    `server RSS: ${mebibytes(first)} at the start, ${mebibytes(last)} at the end, ${mebibytes(Math.max(...rss))} at most ` +
      `(${rss.length} readings, every ${sampleSeconds} s; limit ${mebibytes(rssLimitBytes)} at the end)`,
  ];
}

/** Why the soak failed, one line per reason; empty when it passed. */
export function soakProblems(result: SoakResult, limitBytes = rssLimitBytes): string[] {
  const { wrk, rss } = result;
  const problems: string[] = [];
  if (errorCount(wrk) > 0) {
    const { connect, read, write, timeout } = wrk.socketErrors;
    problems.push(`${wrk.non2xx} of ${wrk.requests} responses were 4xx/5xx; socket errors: connect ${connect}, read ${read}, write ${write}, timeout ${timeout}`);
  }
  const last = rss.at(-1);
  if (last !== undefined && last > limitBytes) problems.push(`the server's RSS at the end, ${mebibytes(last)}, is over the limit of ${mebibytes(limitBytes)}`);
  return problems;
}

function mebibytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
