// One JSON object per line: easy to read with jq, easy to ship.
const levels = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof levels)[number];
export const logLevels: readonly LogLevel[] = levels;

type Fields = Readonly<Record<string, unknown>>;
export type LogSink = (line: string, level: Exclude<LogLevel, 'silent'>) => void;

// Every request writes a line, so stdout's lines are gathered and written
// once per turn of the event loop (one write for all the requests answered
// in it, not one each), and whatever is gathered is written when the
// process exits, however it exits short of a kill. A Lambda handler flushes
// before it returns its answer (flushLog): a frozen function writes nothing.
// Warnings and errors go to stderr at once, after any gathered lines.
let pending = '';
let flushScheduled = false;

/** Writes the gathered stdout lines now. */
export function flushLog(): void {
  if (pending === '') return;
  const lines = pending;
  pending = '';
  process.stdout.write(lines);
}

function flushSoon(): void {
  flushScheduled = false;
  flushLog();
}

// 'exit' also comes after process.exit() and an uncaught exception; stdout
// writes to a file or pipe are synchronous on Linux, so the lines get out.
process.on('exit', flushLog);

const toStdio: LogSink = (line, level) => {
  if (level === 'error' || level === 'warn') {
    flushLog();
    process.stderr.write(`${line}\n`);
    return;
  }
  pending += `${line}\n`;
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flushSoon);
  }
};

let threshold = levels.indexOf('info');
let sink = toStdio;

/** Whether lines of this level are written (to skip building them when not). */
export function logs(level: Exclude<LogLevel, 'silent'>): boolean {
  return levels.indexOf(level) >= threshold;
}

export function setLogLevel(level: LogLevel): void {
  threshold = levels.indexOf(level);
}

/** Replaces where lines go (tests read them); returns a function that restores the previous sink. */
export function setLogSink(next: LogSink): () => void {
  const previous = sink;
  sink = next;
  return () => { sink = previous; };
}

function write(level: Exclude<LogLevel, 'silent'>, message: string, fields: Fields): void {
  if (levels.indexOf(level) < threshold) return;
  sink(lineOf(level, message, fields), level);
}

function lineOf(level: string, message: string, fields: Fields): string {
  return JSON.stringify({ time: timestamp(), level, msg: message, ...fields }, errorsAsText);
}

/** What lib/http/general-rules.ts logs of every request it answers. */
export interface RequestFields {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly durationMs: number;
  readonly requestId: string;
}

/**
 * The line of one answered request, at info: the line log.info('request',
 * {method, path, status, duration_ms, request_id}) writes, built as text
 * (no object spread, no replacer, which takes JSON.stringify off V8's fast
 * path): a third of the CPU.
 */
export function logRequest(request: RequestFields): void {
  if (infoAt < threshold) return;
  sink(requestLine(request), 'info');
}

export function requestLine({ method, path, status, durationMs, requestId }: RequestFields): string {
  return `{"time":"${timestamp()}","level":"info","msg":"request","method":${JSON.stringify(method)},"path":${JSON.stringify(path)},"status":${status},"duration_ms":${durationMs},"request_id":${JSON.stringify(requestId)}}`;
}
const infoAt = levels.indexOf('info');

// The time of a line, as Date#toISOString writes it: made once per millisecond.
let stampedAt = Number.NaN;
let stamp = '';
function timestamp(): string {
  const now = Date.now();
  if (now !== stampedAt) {
    stampedAt = now;
    stamp = new Date(now).toISOString();
  }
  return stamp;
}

// Errors serialise to {} by default; keep what helps an operator.
function errorsAsText(this: unknown, _key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const code = (value as { code?: unknown }).code;
  return { name: value.name, message: value.message, ...(code === undefined ? {} : { code }), stack: value.stack };
}

export const log = {
  debug: (message: string, fields: Fields = {}) => { write('debug', message, fields); },
  info: (message: string, fields: Fields = {}) => { write('info', message, fields); },
  warn: (message: string, fields: Fields = {}) => { write('warn', message, fields); },
  error: (message: string, fields: Fields = {}) => { write('error', message, fields); },
};
