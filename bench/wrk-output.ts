// Reads what `wrk --latency` prints into numbers.
export interface WrkResult {
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Responses with a status of 400 or more ("Non-2xx or 3xx responses"). */
  readonly non2xx: number;
  readonly socketErrors: { readonly connect: number; readonly read: number; readonly write: number; readonly timeout: number };
}

export function parseWrkOutput(output: string): WrkResult {
  const field = (pattern: RegExp, what: string) => {
    const match = pattern.exec(output);
    if (match === null) throw new Error(`wrk's output has no ${what}:\n${output}`);
    return match;
  };
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  return {
    requests: Number(field(/^\s*(\d+) requests in /m, 'request count')[1]),
    requestsPerSecond: Number(field(/^Requests\/sec:\s+([\d.]+)/m, 'Requests/sec')[1]),
    p50Ms: latencyMs(field(/^\s+50%\s+([\d.]+)(us|ms|s|m|h)\s*$/m, '50% latency')),
    p99Ms: latencyMs(field(/^\s+99%\s+([\d.]+)(us|ms|s|m|h)\s*$/m, '99% latency (was --latency given?)')),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0),
    socketErrors: {
      connect: Number(socket?.[1] ?? 0),
      read: Number(socket?.[2] ?? 0),
      write: Number(socket?.[3] ?? 0),
      timeout: Number(socket?.[4] ?? 0),
    },
  };
}

const msPerUnit: Readonly<Record<string, number>> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function latencyMs(match: RegExpExecArray): number {
  return Number(match[1]) * (msPerUnit[match[2] ?? 'ms'] ?? 1);
}

export function errorCount(result: WrkResult): number {
  const { connect, read, write, timeout } = result.socketErrors;
  return result.non2xx + connect + read + write + timeout;
}
