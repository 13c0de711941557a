// One JSON object per line: easy to read with jq, easy to ship.
const levels = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof levels)[number];
export const logLevels: readonly LogLevel[] = levels;

type Fields = Readonly<Record<string, unknown>>;
export type LogSink = (line: string, level: Exclude<LogLevel, 'silent'>) => void;

// Every request writes a line, so stdout's lines are gathered and written
// together: when ~64 KiB are gathered, else a short window after the first
// line not yet written (one write for every request answered meanwhile: at
// ~3,000 requests a second a write per event-loop turn cost ~5 µs each, a
// unix socket's send). Whatever is gathered is written when the process
// exits (process.exit, an uncaught error, the loop running dry) and on
// SIGTERM, SIGINT or SIGHUP before the signal takes its course; a SIGKILL
// loses what is gathered. A Lambda handler flushes before it returns its
// answer (flushLog): a frozen function writes nothing. Warnings and errors
// go to stderr at once, after any gathered lines.

/** Lines gathered for one write; what stdout's lines go through (exported for its tests). */
export interface LineGatherer {
  /** Gathers `text` (whole lines, each ending in a newline). */
  add(text: string): void;
  /** Writes what is gathered now. */
  flush(): void;
}

export interface GatherLimits {
  /** The longest a line waits for its write, from the first line not yet written. */
  readonly windowMs: number;
  /** Written at once when this many characters are gathered. */
  readonly maxChars: number;
}

/** The limits of stdout's gathering: a line waits at most 5 ms (longer only while the event loop is blocked). */
export const stdoutGathering: GatherLimits = { windowMs: 5, maxChars: 64 * 1024 };

export function gatherLines(write: (text: string) => void, { windowMs, maxChars }: GatherLimits): LineGatherer {
  let pending = '';
  // One timer, re-armed (refresh) for each window: no Timeout made per write.
  let timer: NodeJS.Timeout | undefined;
  let armed = false;
  const flush = () => {
    if (pending === '') return;
    const text = pending;
    pending = '';
    write(text);
  };
  const onWindowEnd = () => {
    armed = false;
    flush();
  };
  return {
    add(text) {
      pending += text;
      if (pending.length >= maxChars) {
        flush();
        return;
      }
      if (armed) return;
      armed = true;
      // Unref'd: a gathered line never keeps the process alive; the exit hook writes it.
      if (timer === undefined) timer = setTimeout(onWindowEnd, windowMs).unref();
      else timer.refresh();
    },
    flush,
  };
}

const stdoutLines = gatherLines((text) => { process.stdout.write(text); }, stdoutGathering);

/** Writes the gathered stdout lines now. */
export function flushLog(): void {
  stdoutLines.flush();
}

// 'exit' also comes after process.exit() and an uncaught exception; stdout
// writes to a file or pipe are synchronous on Linux, so the lines get out.
// Hooked on the first gathered line: a module graph that never writes one
// (a test's, reloaded many times in one process) adds no listener.
let exitHooked = false;
function hookExit(): void {
  exitHooked = true;
  process.on('exit', flushLog);
  for (const signal of flushedSignals) process.prependOnceListener(signal, flushOnSignal);
}

// A signal that ends the process writes the gathered lines first. Where the
// process has no handler of its own, the signal is raised again once this
// listener is gone, so it still ends the process as it would have.
const flushedSignals = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
function flushOnSignal(signal: NodeJS.Signals): void {
  flushLog();
  if (process.listenerCount(signal) === 0) {
    for (const other of flushedSignals) process.removeListener(other, flushOnSignal);
    process.kill(process.pid, signal);
  }
}

const toStdio: LogSink = (line, level) => {
  if (level === 'error' || level === 'warn') {
    flushLog();
    process.stderr.write(`${line}\n`);
    return;
  }
  stdoutLines.add(`${line}\n`);
  if (!exitHooked) hookExit();
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
  /** performance.now() when the request came in: the line's duration runs from it to now. */
  readonly started: number;
  /** A plain token ([\\w.:-], general-rules.ts's requestIdOf): written as it is. */
  readonly requestId: string;
}

/**
 * The line of one answered request, at info: the line log.info('request',
 * {method, path, status, duration_ms, request_id}) would write, built as
 * text: no object spread, no JSON.stringify with a replacer (off V8's fast
 * path), no double printed as a number (slow in V8), one clock read.
 * Per line, in the server, ~3.4 µs of CPU before.
 */
export function logRequest(request: RequestFields): void {
  if (infoAt < threshold) return;
  sink(requestLine(request, performance.now()), 'info');
}

export function requestLine({ method, path, status, started, requestId }: RequestFields, now: number): string {
  return `{"time":"${timestamp(now)}","level":"info","msg":"request","method":${jsonString(method)},"path":${jsonString(path)},"status":${status},"duration_ms":${tenths(now - started)},"request_id":"${requestId}"}`;
}
const infoAt = levels.indexOf('info');

// A string as JSON: printable ASCII with no quote or backslash (a method, a
// request id, nearly every path) as it is; anything else as JSON.stringify writes it.
function jsonString(text: string): string {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e || code === 0x22 || code === 0x5c) return JSON.stringify(text);
  }
  return `"${text}"`;
}

// Milliseconds rounded to a tenth, as JSON writes Math.round(ms * 10) / 10, from integers.
function tenths(ms: number): string {
  const count = Math.round(ms * 10);
  const rest = count % 10;
  return rest === 0 ? `${count / 10}` : `${(count - rest) / 10}.${rest}`;
}

// The time of a line, as Date#toISOString writes it, made once per
// millisecond, and from integers: only the minute's part (date, hour,
// minute) comes from toISOString. Between changes of millisecond the wall
// clock is read off the monotonic one the caller has read anyway; every new
// millisecond reads the wall clock again, so a clock set meanwhile shows
// within a millisecond.
let wallMinusMonotonic = Date.now() - performance.now();
let stampedAt = Number.NaN;
let stamp = '';
let minuteAt = Number.NaN;
let minutePart = '';
function timestamp(monotonic = performance.now()): string {
  if (Math.floor(wallMinusMonotonic + monotonic) !== stampedAt) {
    const wall = Date.now();
    wallMinusMonotonic = wall - monotonic;
    // As the test above computes it (the sum may round a hair below `wall`).
    stampedAt = Math.floor(wallMinusMonotonic + monotonic);
    const inMinute = wall % 60_000;
    if (wall - inMinute !== minuteAt) {
      minuteAt = wall - inMinute;
      minutePart = new Date(minuteAt).toISOString().slice(0, 17); // 2026-12-01T20:33:
    }
    const seconds = (inMinute - (inMinute % 1000)) / 1000;
    stamp = `${minutePart}${seconds < 10 ? '0' : ''}${seconds}.${padded3[inMinute % 1000]}Z`;
  }
  return stamp;
}
const padded3 = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));

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
