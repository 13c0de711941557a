// The table of `npm run bench -- --baseline`: per case, ours beside the bare
// server's (bench/baseline/), and our share of its requests per second.
import { milliseconds, type Row } from './report.ts';

export interface Pair {
  readonly ours: Row;
  readonly baseline: Row;
  /** Which ran first (they alternate from case to case). */
  readonly first: 'ours' | 'baseline';
}

/** Ours over the baseline's, two places; null when either is missing or the baseline's is 0. */
export function ratio(ours: number | null, baseline: number | null): number | null {
  return ours === null || baseline === null || baseline === 0 ? null : ours / baseline;
}

export function baselineTable(pairs: readonly Pair[]): string {
  const header = ['case', 'req/s ours', 'req/s bare', 'ours/bare', 'p99 ours', 'p99 bare', 'CPU/req ours', 'CPU/req bare', 'CPU ours/bare', 'db CPU/req ours', 'db CPU/req bare', 'errors ours/bare', 'first'];
  const cells = pairs.map(({ ours, baseline, first }) => [
    ours.name,
    perSecond(ours.requestsPerSecond),
    perSecond(baseline.requestsPerSecond),
    times(ratio(ours.requestsPerSecond, baseline.requestsPerSecond)),
    milliseconds(ours.p99Ms),
    milliseconds(baseline.p99Ms),
    microseconds(ours.cpuMicrosPerRequest),
    microseconds(baseline.cpuMicrosPerRequest),
    times(ratio(ours.cpuMicrosPerRequest, baseline.cpuMicrosPerRequest)),
    microseconds(ours.databaseCpuMicrosPerRequest),
    microseconds(baseline.databaseCpuMicrosPerRequest),
    `${ours.errors}/${baseline.errors}`,
    first,
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((line) => (line[i] ?? '').length)));
  const numeric = (i: number) => i > 0 && i < header.length - 1;
  const line = (values: readonly string[]) => `| ${values.map((value, i) => (numeric(i) ? value.padStart(widths[i] ?? 0) : value.padEnd(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((width, i) => (numeric(i) ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;
  return [line(header), rule, ...cells.map(line)].join('\n');
}

function perSecond(value: number | null): string {
  return value === null ? '—' : value.toFixed(0);
}

function times(value: number | null): string {
  return value === null ? '—' : value.toFixed(2);
}

function microseconds(value: number | null): string {
  return value === null ? '—' : `${value.toFixed(0)} µs`;
}
