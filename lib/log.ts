// One JSON object per line: easy to read with jq, easy to ship.
const levels = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof levels)[number];
export const logLevels: readonly LogLevel[] = levels;

type Fields = Readonly<Record<string, unknown>>;
export type LogSink = (line: string, level: Exclude<LogLevel, 'silent'>) => void;

const toStdio: LogSink = (line, level) => {
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
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
  sink(JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields }, errorsAsText), level);
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
