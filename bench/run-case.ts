// One case: a single request sent first to see that it succeeds at all (a
// 404 or 500 there is reported as is, without a load run that would only
// count it thousands of times), then wrk for the warm-up, unmeasured (V8
// compiles the case's code then), then wrk for the chosen duration, once or
// in rounds (run.ts, baseline-run.ts), the runs then added up (rowOf).
import type { BenchCase } from './cases.ts';
import type { BenchOptions } from './options.ts';
import { treeCpuSeconds } from './cpu.ts';
import { wrkScript } from './lua.ts';
import type { Row } from './report.ts';
import { excerpt, send } from './request.ts';
import type { SeededUser } from './seed.ts';
import type { BenchServer } from './server.ts';
import { runWrk } from './wrk.ts';
import { errorCount } from './wrk-output.ts';

export interface CaseRun {
  readonly baseUrl: string;
  /** The server's process, whose CPU time is read before and after the load. */
  readonly serverPid: number;
  /** The database's postmaster (its backends are its children), when it runs here. */
  readonly databasePid: number | null;
  readonly users: readonly SeededUser[];
  readonly duration: string;
  /** wrk's -d of the unmeasured run before, or null for none. */
  readonly warmUp: string | null;
  readonly connections: number;
  readonly signal: AbortSignal;
}

/** How a case runs on `server`: the bench's options, the database whose CPU is read beside, the users it sends as. */
export function caseRun(server: Pick<BenchServer, 'baseUrl' | 'pid'>, databasePid: number | null, users: readonly SeededUser[], options: Pick<BenchOptions, 'duration' | 'warmUp' | 'connections'>, signal: AbortSignal): CaseRun {
  return { baseUrl: server.baseUrl, serverPid: server.pid, databasePid, users, duration: options.duration, warmUp: options.warmUp, connections: options.connections, signal };
}

export interface CaseResult {
  readonly row: Row;
  /** Why errors is not 0, in words. */
  readonly problem: string | null;
}

/** One measured wrk run of a case on one server, as sums: several runs of a case add up. */
export interface Measurement {
  readonly requests: number;
  /** How long wrk measured for (its requests over its rate). */
  readonly seconds: number;
  /** CPU seconds of the server's process tree, and of the database's backends, over the run; null where not read. */
  readonly serverCpuSeconds: number | null;
  readonly databaseCpuSeconds: number | null;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  readonly errors: number;
  /** Why errors is not 0, in words. */
  readonly problem: string | null;
}

/**
 * Sends the case's first request once, then its warm-up run. Resolves to
 * the case's result if that request failed (nothing is measured then), else null.
 */
export async function prepareCase(benchCase: BenchCase, run: CaseRun): Promise<CaseResult | null> {
  const requests = benchCase.requests(run.users);
  const first = requests[0];
  if (first === undefined) throw new Error(`case ${benchCase.name} has no requests (was the data seeded?)`);
  const answer = await send(run.baseUrl, first, run.signal, 'preflight');
  if (answer.status < 200 || answer.status > 299) {
    return {
      row: { name: benchCase.name, request: benchCase.request, requestsPerSecond: null, p50Ms: null, p99Ms: null, cpuMicrosPerRequest: null, databaseCpuMicrosPerRequest: null, errors: 1 },
      problem: `${first.method} ${first.path} answered ${answer.status}: ${excerpt(answer.text)}`,
    };
  }
  if (run.warmUp !== null) await runWrk({ url: `${run.baseUrl}/`, script: wrkScript(requests), duration: run.warmUp, connections: run.connections, signal: run.signal });
  return null;
}

/** One measured run of the case, with the CPU time its server and database spent meanwhile. */
export async function measureCase(benchCase: BenchCase, run: CaseRun): Promise<Measurement> {
  const script = wrkScript(benchCase.requests(run.users));
  const cpuBefore = await cpuSeconds(run);
  const result = await runWrk({ url: `${run.baseUrl}/`, script, duration: run.duration, connections: run.connections, signal: run.signal });
  const cpuAfter = await cpuSeconds(run);
  const spent = (before: number | null, after: number | null) => (before === null || after === null ? null : after - before);
  const errors = errorCount(result);
  const { connect, read, write, timeout } = result.socketErrors;
  return {
    requests: result.requests,
    seconds: result.requestsPerSecond > 0 ? result.requests / result.requestsPerSecond : 0,
    serverCpuSeconds: spent(cpuBefore.server, cpuAfter.server),
    databaseCpuSeconds: spent(cpuBefore.database, cpuAfter.database),
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    errors,
    problem: errors === 0 ? null : `${result.non2xx} of ${result.requests} responses were 4xx/5xx; socket errors: connect ${connect}, read ${read}, write ${write}, timeout ${timeout}`,
  };
}

/**
 * The case's row from its measured runs on one server: requests over the
 * time they took, CPU over the requests; p50 and p99 are the worst run's
 * (percentiles of separate runs do not add up).
 */
export function rowOf(benchCase: Pick<BenchCase, 'name' | 'request'>, measurements: readonly Measurement[]): Row {
  const requests = sum(measurements.map(({ requests }) => requests));
  const seconds = sum(measurements.map(({ seconds }) => seconds));
  const perRequest = (spent: readonly (number | null)[]) => (requests === 0 || spent.some((value) => value === null) ? null : (sum(spent as number[]) / requests) * 1e6);
  const worst = (values: readonly (number | null)[]) => (values.length === 0 || values.some((value) => value === null) ? null : Math.max(...(values as number[])));
  return {
    name: benchCase.name,
    request: benchCase.request,
    requestsPerSecond: measurements.length === 0 ? null : seconds === 0 ? 0 : requests / seconds,
    p50Ms: worst(measurements.map(({ p50Ms }) => p50Ms)),
    p99Ms: worst(measurements.map(({ p99Ms }) => p99Ms)),
    cpuMicrosPerRequest: perRequest(measurements.map(({ serverCpuSeconds }) => serverCpuSeconds)),
    databaseCpuMicrosPerRequest: perRequest(measurements.map(({ databaseCpuSeconds }) => databaseCpuSeconds)),
    errors: sum(measurements.map(({ errors }) => errors)),
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

async function cpuSeconds(run: CaseRun): Promise<{ server: number | null; database: number | null }> {
  return { server: await treeCpuSeconds(run.serverPid), database: run.databasePid === null ? null : await treeCpuSeconds(run.databasePid) };
}
