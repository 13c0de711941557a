// npm run bench: a fresh database, one API server, seeded through the API,
// then wrk against each case, printing one table; or, with --soak, one long
// mixed run, printing its figures and the server's memory; or, with --cold,
// the cold starts of the built function bundles (cold.ts). Never run by CI.
import { runMain } from '../lib/cli/run.ts';
import { loadConfig } from '../lib/config.ts';
import { StartupError } from '../lib/startup-error.ts';
import { runAgainstBaseline } from './baseline-run.ts';
import { type BenchCase, selectCases } from './cases.ts';
import { runColdBench } from './cold.ts';
import { type BenchOptions, parseBenchOptions } from './options.ts';
import { startBenchPostgres } from './postgres.ts';
import { machineLines, table } from './report.ts';
import { checkProcfs } from './rss.ts';
import { inTurns } from './rounds.ts';
import { type CaseResult, caseRun, type Measurement, measureCase, prepareCase, rowOf } from './run-case.ts';
import { seedRecipes, seedSize, seedUsers, type SeededUser } from './seed.ts';
import { bigUserRecipes, seedBigUser } from './seed-big.ts';
import { baselineEntry, type BenchServer, profileDir, reportDir, serverLogging, startBenchServer } from './server.ts';
import { serverMemoryLines } from './memory-report.ts';
import { describeMix, soakMix } from './soak-mix.ts';
import { soakLines, soakProblems } from './soak-report.ts';
import { rssSampleSeconds, runSoak } from './soak.ts';
import { wrkTimeout, wrkVersion } from './wrk.ts';

runMain(async () => {
  const options = parseBenchOptions(process.argv.slice(2));
  if (options.cold) {
    await using postgres = await startBenchPostgres(loadConfig().database);
    return await runColdBench(postgres, options.only, { cpuProf: options.cpuProf, runs: options.runs });
  }
  const cases = options.soak ? [] : selectCases(options.only);
  // Taking turns, a case that writes would change what the others read (a create adds to the lists).
  const writing = options.rounds > 1 && !options.baseline && cases.length > 1 ? cases.filter((c) => !c.request.startsWith('GET ')) : [];
  if (writing.length > 0) throw new StartupError(`--rounds takes turns between the cases, so it measures reads only: ${writing.map((c) => c.name).join(', ')} ${writing.length === 1 ? 'writes' : 'write'} rows the others would then read (measure them alone, or with --baseline)`);
  const wrk = wrkVersion();
  if (options.soak) checkProcfs();

  // Ctrl+C (or SIGTERM) aborts whatever is under way; the `await using`
  // declarations below then stop the server and the database on the way out.
  const interrupt = new AbortController();
  const onSignal = () => { interrupt.abort(); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const { signal } = interrupt;
  try {
    await using postgres = await startBenchPostgres(loadConfig().database);
    signal.throwIfAborted();
    await using server = await startBenchServer(postgres.url, signal, { cpuProf: options.cpuProf, perfMap: options.perfMap, memoryReport: options.soak, nodeFlags: options.nodeFlags });
    // The bare server of bench/baseline/, on the same database (--baseline).
    await using baseline = options.baseline ? await startBenchServer(postgres.url, signal, { cpuProf: options.cpuProf, perfMap: options.perfMap, nodeFlags: options.nodeFlags, entry: baselineEntry }) : null;

    if (options.perfMap) console.log(`server pid ${server.pid}${baseline === null ? '' : `, baseline pid ${baseline.pid}`}: perf record -e cpu-clock -g -p <pid>`);
    if (options.nodeFlags.length > 0) console.log(`node flags added to the server's: ${options.nodeFlags.join(' ')}`);
    for (const line of [...machineLines(), `wrk: ${wrk}, -t2 -c${options.connections} -d${options.duration} --timeout ${wrkTimeout} --latency${options.warmUp === null ? '' : `, after an unmeasured ${options.warmUp} of each case on each server`}${options.rounds === 1 ? '' : `; ${options.rounds} rounds of each case${options.baseline ? ' on each server' : ''}, the order turning every round`}`, `database: ${postgres.description}`, serverLogging]) {
      console.log(line);
    }
    // The soak's mix reads recipes, so it needs everything seeded.
    const withUsers = options.soak || cases.some((c) => c.needs === 'users' || c.needs === 'recipes');
    const withRecipes = options.soak || cases.some((c) => c.needs === 'recipes');
    const users = await seed(server.baseUrl, withUsers, withRecipes, signal);
    const bigUser = cases.some((c) => c.needs === 'big user') ? await seedBig(server.baseUrl, postgres.url, signal) : null;
    // The planner's statistics, as autovacuum would have gathered them a minute
    // later: without them it plans the fresh tables as if they were empty.
    await postgres.analyze();
    const usersOf = (benchCase: BenchCase) => (benchCase.needs === 'big user' && bigUser !== null ? [bigUser] : users);
    const code = options.soak
      ? await soak(server, users, options, signal)
      : baseline !== null
        ? await runAgainstBaseline({ ours: server, baseline }, postgres.pid, cases, usersOf, options, signal)
        : await runCases(server, postgres.pid, usersOf, cases, options, signal);

    for (const [name, logged] of [['server', server], ['baseline server', baseline]] as const) {
      if (logged === null || logged.problems.length === 0) continue;
      const { problems } = logged;
      const lines = problems.length <= 10 ? problems : [...problems.slice(0, 5), '…', ...problems.slice(-5)];
      console.log(`the ${name} logged ${problems.length} warning/error lines:\n${lines.join('\n')}`);
    }
    if (options.cpuProf) {
      const whose = baseline === null ? `the server's (pid ${server.pid})` : `ours (pid ${server.pid}) and the baseline's (pid ${baseline.pid})`;
      console.log(`${whose} CPU profile is written to ${profileDir} as it stops (CPU.<date>.<time>.<pid>…); bench/profile-summary.ts sums one up`);
    }
    return code;
  } catch (error) {
    if (!signal.aborted) throw error;
    process.stderr.write('interrupted\n');
    return 130;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
});

/**
 * Runs the cases and prints the table; resolves to the exit code. With
 * --rounds, the cases take turns, their order reversed every round
 * (rounds.ts); each warms up just before its first measured run.
 */
async function runCases(
  server: BenchServer,
  databasePid: number | null,
  usersOf: (benchCase: BenchCase) => readonly SeededUser[],
  cases: readonly BenchCase[],
  options: BenchOptions,
  signal: AbortSignal,
): Promise<number> {
  const runOf = (benchCase: BenchCase) => caseRun(server, databasePid, usersOf(benchCase), options, signal);
  const refused = new Map<BenchCase, CaseResult>();
  const measured = new Map<BenchCase, Measurement[]>();
  let ended: { benchCase: BenchCase; exit: string } | undefined;
  for (const benchCase of inTurns(cases, options.rounds)) {
    let runs = measured.get(benchCase);
    if (runs === undefined) {
      runs = [];
      measured.set(benchCase, runs);
      const result = await prepareCase(benchCase, runOf(benchCase));
      if (result !== null) {
        refused.set(benchCase, result);
        console.log(`${benchCase.name}: not run`);
      }
    }
    if (!refused.has(benchCase)) {
      const run = await measureCase(benchCase, runOf(benchCase));
      runs.push(run);
      console.log(`${benchCase.name}${options.rounds === 1 ? '' : ` (round ${runs.length})`}: ${(rowOf(benchCase, [run]).requestsPerSecond ?? 0).toFixed(0)} req/s, ${run.errors} errors`);
    }
    const exit = server.exitStatus();
    if (exit !== null) {
      // The rest would only measure connection refusals.
      ended = { benchCase, exit };
      break;
    }
  }

  const results: CaseResult[] = [...measured].map(([benchCase, runs]) => {
    const result = refused.get(benchCase) ?? { row: rowOf(benchCase, runs), problem: runs.map(({ problem }) => problem).filter((problem) => problem !== null).join('; ') || null };
    if (ended?.benchCase !== benchCase) return result;
    return { row: { ...result.row, errors: Math.max(result.row.errors, 1) }, problem: `the server ended (${ended.exit}) during this case; what was left was not run. ${result.problem ?? ''}` };
  });
  console.log(`\n${table(results.map((r) => r.row))}\n`);
  for (const { row, problem } of results) if (problem !== null) console.log(`${row.name}: ${problem}`);
  return results.some((r) => r.row.errors > 0) ? 1 : 0;
}

/** The soak run and its figures; resolves to the exit code, printing why when it is not 0. */
async function soak(server: BenchServer, users: readonly SeededUser[], options: BenchOptions, signal: AbortSignal): Promise<number> {
  console.log(`soak: ${options.duration}, ${options.connections} connections, mix ${describeMix(soakMix)}`);
  const outcome = await runSoak({ server, users, duration: options.duration, connections: options.connections, signal });
  if ('problem' in outcome) {
    console.log(`soak failed: ${outcome.problem}`);
    return 1;
  }
  for (const line of soakLines(outcome.result, rssSampleSeconds)) console.log(line);
  const exit = server.exitStatus();
  if (exit === null) for (const line of await serverMemoryLines(server.pid, reportDir, server.pooledHeapPages())) console.log(line);
  const problems = [...(exit === null ? [] : [`the server ended (${exit}) during the soak`]), ...soakProblems(outcome.result)];
  for (const problem of problems) console.log(`soak failed: ${problem}`);
  return problems.length > 0 ? 1 : 0;
}

async function seedBig(baseUrl: string, databaseUrl: string, signal: AbortSignal): Promise<SeededUser> {
  const started = performance.now();
  const user = await seedBigUser(baseUrl, databaseUrl, signal);
  console.log(`seeded one user with ${bigUserRecipes} recipes in ${((performance.now() - started) / 1000).toFixed(1)} s (set-based SQL)`);
  return user;
}

async function seed(baseUrl: string, withUsers: boolean, withRecipes: boolean, signal: AbortSignal): Promise<SeededUser[]> {
  if (!withUsers) return [];
  let started = performance.now();
  const users = await seedUsers(baseUrl, signal);
  const userSeconds = (performance.now() - started) / 1000;
  let summary = `seeded ${users.length} users in ${userSeconds.toFixed(1)} s`;
  if (withRecipes) {
    started = performance.now();
    await seedRecipes(baseUrl, users, signal);
    const recipeSeconds = (performance.now() - started) / 1000;
    const count = users.length * seedSize.recipesPerUser;
    summary += ` and ${count} recipes in ${recipeSeconds.toFixed(1)} s (${(count / recipeSeconds).toFixed(0)}/s)`;
  }
  console.log(`${summary}, ${seedSize.inFlight} requests in flight`);
  return users;
}
