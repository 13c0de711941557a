// Lets a test read what the code logs: every line, parsed, whatever LOG_LEVEL says.
import { loadConfig } from '../config.ts';
import { setLogLevel, setLogSink } from '../log.ts';

export interface LogLine {
  readonly level: string;
  readonly msg: string;
  readonly [field: string]: unknown;
}

export interface LogCapture {
  readonly lines: LogLine[];
  /** Puts back the previous sink and the configured level. */
  readonly restore: () => void;
}

/** Sends every log line, from debug up, to `lines` instead of stdout until `restore()`. */
export function captureLog(): LogCapture {
  const lines: LogLine[] = [];
  const restoreSink = setLogSink((line) => {
    lines.push(JSON.parse(line) as LogLine);
  });
  setLogLevel('debug');
  return {
    lines,
    restore: () => {
      restoreSink();
      setLogLevel(loadConfig().logLevel);
    },
  };
}
