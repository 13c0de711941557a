// The command line of `npm run bench`: how long, how many connections, which cases.
import { parseArgs } from 'node:util';
import { StartupError } from '../startup-error.ts';

export interface BenchOptions {
  /** wrk's -d, e.g. "10s". */
  readonly duration: string;
  /** wrk's -c. */
  readonly connections: number;
  /** Case names to run; empty means all. */
  readonly only: readonly string[];
}

export const usage = 'usage: npm run bench -- [--duration 10s] [--connections 32] [--only name[,name]]...';

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        duration: { type: 'string', default: '10s' },
        connections: { type: 'string', default: '32' },
        only: { type: 'string', multiple: true, default: [] },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new StartupError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
  // wrk takes 10, 10s, 2m, 1h; anything else it would silently read as 0.
  if (!/^[1-9]\d*[smh]?$/.test(values.duration)) throw new StartupError(`--duration: expected e.g. 10s, 2m (got "${values.duration}")`);
  if (!/^[1-9]\d*$/.test(values.connections)) throw new StartupError(`--connections: expected a positive integer (got "${values.connections}")`);
  const only = values.only.flatMap((value) => value.split(',')).map((name) => name.trim()).filter(Boolean);
  return { duration: values.duration, connections: Number(values.connections), only };
}
