// One case: a single request sent first to see that it succeeds at all (a
// 404 or 500 there is reported as is, without a load run that would only
// count it thousands of times), then wrk for the warm-up, unmeasured (V8
// compiles the case's code then), then wrk for the chosen duration.
import type { BenchCase } from './cases.ts';
import { treeCpuSeconds } from './cpu.ts';
import { wrkScript } from './lua.ts';
import type { Row } from './report.ts';
import { excerpt, send } from './request.ts';
import type { SeededUser } from './seed.ts';
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

export interface CaseResult {
  readonly row: Row;
  /** Why errors is not 0, in words. */
  readonly problem: string | null;
}

export async function runCase(benchCase: BenchCase, run: CaseRun): Promise<CaseResult> {
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
  const script = wrkScript(requests);
  if (run.warmUp !== null) await runWrk({ url: `${run.baseUrl}/`, script, duration: run.warmUp, connections: run.connections, signal: run.signal });
  const cpuBefore = await cpuSeconds(run);
  const result = await runWrk({ url: `${run.baseUrl}/`, script, duration: run.duration, connections: run.connections, signal: run.signal });
  const cpuAfter = await cpuSeconds(run);
  const perRequest = (before: number | null, after: number | null) => (before === null || after === null || result.requests === 0 ? null : ((after - before) / result.requests) * 1e6);
  const errors = errorCount(result);
  const { connect, read, write, timeout } = result.socketErrors;
  return {
    row: { name: benchCase.name, request: benchCase.request, requestsPerSecond: result.requestsPerSecond, p50Ms: result.p50Ms, p99Ms: result.p99Ms, cpuMicrosPerRequest: perRequest(cpuBefore.server, cpuAfter.server), databaseCpuMicrosPerRequest: perRequest(cpuBefore.database, cpuAfter.database), errors },
    problem: errors === 0 ? null : `${result.non2xx} of ${result.requests} responses were 4xx/5xx; socket errors: connect ${connect}, read ${read}, write ${write}, timeout ${timeout}`,
  };
}

async function cpuSeconds(run: CaseRun): Promise<{ server: number | null; database: number | null }> {
  return { server: await treeCpuSeconds(run.serverPid), database: run.databasePid === null ? null : await treeCpuSeconds(run.databasePid) };
}
