// --soak: one long wrk run of the mixed script, with the server's memory read
// before, during and after. Like a case, each kind of request in the mix is
// first sent once on its own, so a request that always fails is reported as
// is rather than counted thousands of times.
import { wrkScript } from './lua.ts';
import { excerpt, send } from './request.ts';
import { sampleRss } from './rss.ts';
import type { SeededUser } from './seed.ts';
import type { BenchServer } from './server.ts';
import { mixRequests, requestsByKind, soakMix } from './soak-mix.ts';
import type { SoakResult } from './soak-report.ts';
import { runWrk } from './wrk.ts';
import type { WrkResult } from './wrk-output.ts';

// Often enough to catch a peak that lasts a few seconds; a read of /proc costs next to nothing.
export const rssSampleSeconds = 2;

export interface SoakRun {
  readonly server: BenchServer;
  readonly users: readonly SeededUser[];
  readonly duration: string;
  readonly connections: number;
  readonly signal: AbortSignal;
}

/** The figures, or why there are none (a request that fails on its own, a server that ended). */
export async function runSoak(run: SoakRun): Promise<{ readonly result: SoakResult } | { readonly problem: string }> {
  const byKind = requestsByKind(run.users);
  for (const [name, requests] of byKind) {
    const first = requests[0];
    if (first === undefined) throw new Error(`the soak mix has no ${name} requests (was the data seeded?)`);
    const answer = await send(run.server.baseUrl, first, run.signal, 'soak-preflight');
    if (answer.status < 200 || answer.status > 299) return { problem: `${first.method} ${first.path} answered ${answer.status}: ${excerpt(answer.text)}` };
  }
  const script = wrkScript(mixRequests(soakMix, byKind));

  const sampler = await sampleRss(run.server.pid, rssSampleSeconds * 1000);
  let wrk: WrkResult;
  try {
    wrk = await runWrk({ url: `${run.server.baseUrl}/`, script, duration: run.duration, connections: run.connections, signal: run.signal });
  } catch (error) {
    // The timer must not outlive the run; wrk's failure is the one to report.
    await sampler.stop().catch(() => []);
    throw error;
  }
  try {
    return { result: { wrk, rss: await sampler.stop() } };
  } catch (error) {
    const exit = run.server.exitStatus();
    if (exit !== null) return { problem: `the server ended (${exit}) during the soak` };
    throw error;
  }
}
