// The command line of `npm run bench`: how long, how many connections, which
// cases, or --soak (one long mixed run instead of the cases).
import { parseArgs } from 'node:util';
import { StartupError } from '../lib/startup-error.ts';

export interface BenchOptions {
  /** wrk's -d, e.g. "10s". */
  readonly duration: string;
  /** How long each case runs on a server, unmeasured, before its measured run (wrk's -d), or null for none. */
  readonly warmUp: string | null;
  /** wrk's -c. */
  readonly connections: number;
  /** Case names to run; empty means all. */
  readonly only: readonly string[];
  /** One wrk run of the soak mix (soak-mix.ts) instead of the cases. */
  readonly soak: boolean;
  /** Runs the server (and with --baseline the bare one) under `node --cpu-prof`; the profiles are written to .data/profiles when they stop. */
  readonly cpuProf: boolean;
  /** Runs the server (and the bare one) with `--perf-basic-prof-only-functions`, so `perf record -e cpu-clock` names its JavaScript functions. */
  readonly perfMap: boolean;
  /** More node flags for the server (and the bare one), after npm start's: to measure a setting before it goes into package.json. */
  readonly nodeFlags: readonly string[];
  /** Cold starts of the built bundles (cold.ts) instead of the cases; --only names functions then. */
  readonly cold: boolean;
  /** With --cold: fresh processes per function (and of the floor). */
  readonly runs: number;
  /** Runs each case against ours and the bare server of bench/baseline/ back to back, after checking they answer alike. */
  readonly baseline: boolean;
  /** With --baseline: which server runs the first case first (the cases alternate from there); swapped between two runs, every case is measured in both orders. */
  readonly first: 'ours' | 'baseline';
  /** Measured runs of each case (on each server with --baseline), the order turning every round (rounds.ts); 1 for the plain cases unless told, 2 with --baseline. */
  readonly rounds: number;
}

export const usage = 'usage: npm run bench -- [--duration 10s] [--warm-up 3s|0] [--connections 32] [--only name[,name]]... [--rounds 1] [--cpu-prof] [--perf-map] [--node-flag=--x=y]... [--baseline [--first ours|baseline] [--rounds 2]] | --soak [--duration 60s] [--connections 64] [--cpu-prof] | --cold [--runs 10] [--cpu-prof] [--only function[,function]]...';

// A soak runs longer and busier than one case: long enough for memory that
// grows with traffic to show, with enough connections to keep every part busy.
const defaultWarmUp = '3s';
const defaults = { cases: { duration: '10s', connections: '32' }, soak: { duration: '60s', connections: '64' } } as const;

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        duration: { type: 'string' },
        'warm-up': { type: 'string' },
        connections: { type: 'string' },
        only: { type: 'string', multiple: true, default: [] },
        soak: { type: 'boolean', default: false },
        'cpu-prof': { type: 'boolean', default: false },
        'perf-map': { type: 'boolean', default: false },
        'node-flag': { type: 'string', multiple: true, default: [] },
        cold: { type: 'boolean', default: false },
        runs: { type: 'string' },
        baseline: { type: 'boolean', default: false },
        first: { type: 'string' },
        rounds: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new StartupError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
  const fallback = values.soak ? defaults.soak : defaults.cases;
  const duration = values.duration ?? fallback.duration;
  const connections = values.connections ?? fallback.connections;
  // wrk takes 10, 10s, 2m, 1h; anything else it would silently read as 0.
  if (!/^[1-9]\d*[smh]?$/.test(duration)) throw new StartupError(`--duration: expected e.g. 10s, 2m (got "${duration}")`);
  // A case's first seconds on a fresh server are mostly V8 compiling its
  // code (2-3 s at full load, more for more code): not what a request costs
  // a server that has been running. Measured after a warm-up of the same requests.
  const warmUp = values['warm-up'] ?? defaultWarmUp;
  if (warmUp !== '0' && !/^[1-9]\d*[smh]?$/.test(warmUp)) throw new StartupError(`--warm-up: expected e.g. 3s, or 0 for none (got "${warmUp}")`);
  if (values['warm-up'] !== undefined && (values.soak || values.cold)) throw new StartupError(`--warm-up is for the cases\n${usage}`);
  if (!/^[1-9]\d*$/.test(connections)) throw new StartupError(`--connections: expected a positive integer (got "${connections}")`);
  const only = values.only.flatMap((value) => value.split(',')).map((name) => name.trim()).filter(Boolean);
  // The soak sends its own fixed mix; silently ignoring --only would mislead.
  if (values.soak && only.length > 0) throw new StartupError(`--only does not apply to --soak, which sends a fixed mix\n${usage}`);
  if (values.cold && values.soak) throw new StartupError(`--cold and --soak are different benchmarks: one at a time\n${usage}`);
  const nodeFlags = values['node-flag'];
  const notFlag = nodeFlags.find((flag) => !/^--[a-z][\w-]*(=\S+)?$/.test(flag));
  if (notFlag !== undefined) throw new StartupError(`--node-flag: expected one node flag such as --max-old-space-size=64 (got "${notFlag}")`);
  if (values.baseline && (values.soak || values.cold)) throw new StartupError(`--baseline compares the cases; it does not go with --soak or --cold\n${usage}`);
  const first = values.first ?? 'ours';
  if (first !== 'ours' && first !== 'baseline') throw new StartupError(`--first: expected ours or baseline (got "${first}")`);
  if (values.first !== undefined && !values.baseline) throw new StartupError(`--first orders the servers of --baseline\n${usage}`);
  // Against the baseline two rounds (ours, bare, bare, ours): a drift of the machine's speed during a case weighs on both alike.
  const rounds = values.rounds ?? (values.baseline ? '2' : '1');
  if (!/^[1-9]\d*$/.test(rounds)) throw new StartupError(`--rounds: expected a positive integer (got "${rounds}")`);
  if (values.rounds !== undefined && (values.soak || values.cold)) throw new StartupError(`--rounds is for the cases\n${usage}`);
  const runs = values.runs ?? '10';
  if (!/^[1-9]\d*$/.test(runs)) throw new StartupError(`--runs: expected a positive integer (got "${runs}")`);
  if (values.runs !== undefined && !values.cold) throw new StartupError(`--runs counts the cold starts of --cold\n${usage}`);
  return { duration, warmUp: warmUp === '0' || values.soak || values.cold ? null : warmUp, connections: Number(connections), only, soak: values.soak, cpuProf: values['cpu-prof'], perfMap: values['perf-map'], nodeFlags, cold: values.cold, runs: Number(runs), baseline: values.baseline, first, rounds: Number(rounds) };
}
