// What the benchmark prints: where it ran, then one Markdown table (ready to
// paste into the README) with a row per case.
import { availableParallelism, cpus } from 'node:os';

export interface Row {
  readonly name: string;
  readonly request: string;
  readonly requestsPerSecond: number | null;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  /** The server's CPU time per request served (cpu.ts), in microseconds. */
  readonly cpuMicrosPerRequest: number | null;
  /** The database's CPU time per request (its backends), in microseconds, when it runs here. */
  readonly databaseCpuMicrosPerRequest: number | null;
  readonly errors: number;
}

export function machineLines(): string[] {
  const model = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return [`date: ${new Date().toISOString()}`, `node: ${process.version}`, `cpu: ${model}, ${availableParallelism()} cores`];
}

export function table(rows: readonly Row[]): string {
  const header = ['case', 'request', 'req/s', 'p50', 'p99', 'server CPU/req', 'db CPU/req', 'errors'];
  const cells = rows.map((row) => [
    row.name,
    `\`${row.request}\``,
    row.requestsPerSecond === null ? '—' : row.requestsPerSecond.toFixed(0),
    milliseconds(row.p50Ms),
    milliseconds(row.p99Ms),
    microseconds(row.cpuMicrosPerRequest),
    microseconds(row.databaseCpuMicrosPerRequest),
    String(row.errors),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((line) => (line[i] ?? '').length)));
  const numeric = [false, false, true, true, true, true, true, true];
  const line = (values: readonly string[]) =>
    `| ${values.map((value, i) => (numeric[i] ? value.padStart(widths[i] ?? 0) : value.padEnd(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((width, i) => (numeric[i] ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;
  return [line(header), rule, ...cells.map(line)].join('\n');
}

export function milliseconds(value: number | null): string {
  if (value === null) return '—';
  // Three significant digits up to 100 ms, whole milliseconds above (99.97 is "100 ms", not "100.0 ms").
  return `${value < 9.995 ? value.toFixed(2) : value < 99.95 ? value.toFixed(1) : value.toFixed(0)} ms`;
}

function microseconds(value: number | null): string {
  return value === null ? '—' : `${value.toFixed(0)} µs`;
}
