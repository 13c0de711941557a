// `npm run bench -- --baseline`: first, for each case, a few of its requests
// go to ours and to the bare server of bench/baseline/, and their answers must
// agree (answers.ts); then each case runs against both back to back, on the
// same database, the one that goes first alternating from case to case.
// A case is measured in rounds, the order turning each round (ours, bare,
// bare, ours, …: rounds.ts).
import type { BenchCase } from './cases.ts';
import { answerDifference, type ServerAnswer } from './answers.ts';
import { baselineTable, type Pair } from './baseline-report.ts';
import type { BenchOptions } from './options.ts';
import { type BenchRequest, send, uniqueMarker } from './request.ts';
import { inTurns } from './rounds.ts';
import { type CaseResult, caseRun, type Measurement, measureCase, prepareCase, rowOf } from './run-case.ts';
import type { SeededUser } from './seed.ts';
import type { BenchServer } from './server.ts';

export interface Servers {
  readonly ours: BenchServer;
  readonly baseline: BenchServer;
}

type Side = keyof Servers;

// Each side's unique values get their own prefix (of one length, so the
// requests weigh the same): names that ours created must be new to the
// baseline too, or its "2 new tags" would find them and do less work.
const prefixes: Record<Side, string> = { ours: 'o-', baseline: 'b-' };

/** The request with the side's prefix before every unique value. */
export function markedFor(request: BenchRequest, side: Side): BenchRequest {
  const mark = (text: string) => text.replaceAll(uniqueMarker, `${prefixes[side]}${uniqueMarker}`);
  return { ...request, path: mark(request.path), body: request.body === null ? null : mark(request.body) };
}

// Reads are checked on a few of their requests (several users, recipes,
// tags); a write once, since each check adds a row.
const checkedReads = 5;

/** Where the two servers' answers differ, case by case (empty when they agree). */
export async function answerMismatches(servers: Servers, cases: readonly BenchCase[], usersOf: (c: BenchCase) => readonly SeededUser[], signal: AbortSignal): Promise<string[]> {
  const mismatches: string[] = [];
  for (const benchCase of cases) {
    const requests = benchCase.requests(usersOf(benchCase));
    const writes = requests.some((request) => request.method !== 'GET');
    for (const request of requests.slice(0, writes ? 1 : checkedReads)) {
      const answer = async (side: Side): Promise<ServerAnswer> => {
        const unique = `${prefixes[side]}check`;
        return { ...(await send(servers[side].baseUrl, markedFor(request, side), signal, 'check')), origin: servers[side].baseUrl, unique };
      };
      const difference = answerDifference(await answer('ours'), await answer('baseline'), writes);
      if (difference !== null) mismatches.push(`${benchCase.name}: ${request.method} ${request.path}: ${difference}`);
    }
  }
  return mismatches;
}

/** Checks the answers, then measures every case on both; resolves to the exit code. */
export async function runAgainstBaseline(
  servers: Servers,
  databasePid: number | null,
  cases: readonly BenchCase[],
  usersOf: (c: BenchCase) => readonly SeededUser[],
  options: BenchOptions,
  signal: AbortSignal,
): Promise<number> {
  const mismatches = await answerMismatches(servers, cases, usersOf, signal);
  if (mismatches.length > 0) {
    console.log(`the baseline does not answer as ours does, so nothing was measured:\n${mismatches.join('\n')}`);
    return 1;
  }
  console.log(`baseline: answers equal to ours for ${cases.length} cases (status, content type, JSON; ids and tokens of writes by type)`);

  const pairs: Pair[] = [];
  const problems: string[] = [];
  for (const [index, benchCase] of cases.entries()) {
    // Alternating from --first: a case whose side goes first in one run goes second in a run with the other --first.
    const firstSide = index % 2 === 0 ? options.first : other(options.first);
    const marked = (side: Side): BenchCase => ({ ...benchCase, requests: (users) => benchCase.requests(users).map((request) => markedFor(request, side)) });
    const runOf = (side: Side) => caseRun(servers[side], databasePid, usersOf(benchCase), options, signal);
    const refused: Partial<Record<Side, CaseResult>> = {};
    for (const side of [firstSide, other(firstSide)]) {
      const result = await prepareCase(marked(side), runOf(side));
      if (result !== null) refused[side] = result;
    }
    const measured: Record<Side, Measurement[]> = { ours: [], baseline: [] };
    if (refused.ours === undefined && refused.baseline === undefined) {
      for (const side of inTurns([firstSide, other(firstSide)], options.rounds)) {
        const measurement = await measureCase(marked(side), runOf(side));
        measured[side].push(measurement);
        if (measurement.problem !== null) problems.push(`${benchCase.name} (${side}, round ${measured[side].length}): ${measurement.problem}`);
        if (servers[side].exitStatus() !== null) break;
      }
    }
    const rowFor = (side: Side) => refused[side]?.row ?? rowOf(benchCase, measured[side]);
    for (const side of [firstSide, other(firstSide)]) {
      const problem = refused[side]?.problem ?? null;
      if (problem !== null) problems.push(`${benchCase.name} (${side}): ${problem}`);
      const exit = servers[side].exitStatus();
      if (exit !== null) problems.push(`${benchCase.name}: the ${side} server ended (${exit})`);
    }
    const ours = rowFor('ours');
    const baseline = rowFor('baseline');
    const rate = (row: CaseResult['row']) => (row.requestsPerSecond === null ? 'not run' : `${row.requestsPerSecond.toFixed(0)} req/s`);
    console.log(`${benchCase.name}: ours ${rate(ours)}, baseline ${rate(baseline)}, ${ours.errors + baseline.errors} errors`);
    pairs.push({ ours, baseline, first: firstSide });
    if (servers.ours.exitStatus() !== null || servers.baseline.exitStatus() !== null) break;
  }

  console.log(`\n${baselineTable(pairs)}\n`);
  for (const problem of problems) console.log(problem);
  return problems.length > 0 || pairs.some((pair) => pair.ours.errors + pair.baseline.errors > 0) ? 1 : 0;
}

function other(side: Side): Side {
  return side === 'ours' ? 'baseline' : 'ours';
}
