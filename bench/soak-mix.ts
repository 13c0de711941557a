// What --soak sends: one wrk script mixing reads and writes in fixed shares,
// built from the cases' own requests (so the soak and the cases stay the
// same requests). wrk sends the script round-robin, so the shares hold over
// every 20 requests, and each kind cycles through all its users' tokens.
import { benchCases } from './cases.ts';
import type { BenchRequest } from './request.ts';
import type { SeededUser } from './seed.ts';

export interface MixShare {
  /** A case name from cases.ts. */
  readonly name: string;
  readonly percent: number;
}

export const soakMix: readonly MixShare[] = [
  { name: 'list', percent: 40 },
  { name: 'detail', percent: 25 },
  { name: 'me', percent: 15 },
  { name: 'tags', percent: 10 },
  { name: 'create', percent: 10 },
];

/** "40% list, 25% detail, …", for the report. */
export function describeMix(mix: readonly MixShare[]): string {
  return mix.map((share) => `${share.percent}% ${share.name}`).join(', ');
}

/** Each kind's requests, by case name, in the mix's order. */
export function requestsByKind(users: readonly SeededUser[], mix: readonly MixShare[] = soakMix): Map<string, BenchRequest[]> {
  return new Map(
    mix.map((share) => {
      const benchCase = benchCases.find((c) => c.name === share.name);
      if (benchCase === undefined) throw new Error(`the soak mix names an unknown case: ${share.name}`);
      return [share.name, benchCase.requests(users)];
    }),
  );
}

/**
 * One list taking from each kind's requests in turn by `spread`, long enough
 * that every request of every kind comes up at least once.
 */
export function mixRequests(mix: readonly MixShare[], byName: ReadonlyMap<string, readonly BenchRequest[]>): BenchRequest[] {
  const turns = spread(mix);
  const perRound = new Map(mix.map((share) => [share.name, turns.filter((name) => name === share.name).length]));
  const rounds = Math.max(1, ...mix.map((share) => Math.ceil(requestsOf(byName, share.name).length / (perRound.get(share.name) ?? 1))));
  const used = new Map<string, number>();
  return Array.from({ length: rounds }, () => turns)
    .flat()
    .map((name) => {
      const requests = requestsOf(byName, name);
      const index = used.get(name) ?? 0;
      used.set(name, index + 1);
      return requests[index % requests.length] as BenchRequest;
    });
}

/**
 * One round of turns, as few as the shares allow (40/25/15/10/10 is 20
 * turns), in smooth weighted round-robin order: each kind's turns are spread
 * over the round instead of coming in a block, so no stretch of the run is
 * all writes or all lists.
 */
export function spread(mix: readonly MixShare[]): string[] {
  if (mix.some((share) => !Number.isInteger(share.percent) || share.percent <= 0)) throw new Error('every share of the mix must be a positive whole number');
  const divisor = mix.reduce((d, share) => gcd(d, share.percent), 0);
  const weights = mix.map((share) => share.percent / divisor);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const current = weights.map(() => 0);
  return Array.from({ length: total }, () => {
    let best = 0;
    weights.forEach((weight, i) => {
      current[i] = (current[i] ?? 0) + weight;
      if ((current[i] ?? 0) > (current[best] ?? 0)) best = i;
    });
    current[best] = (current[best] ?? 0) - total;
    return (mix[best] as MixShare).name;
  });
}

function requestsOf(byName: ReadonlyMap<string, readonly BenchRequest[]>, name: string): readonly BenchRequest[] {
  const requests = byName.get(name) ?? [];
  if (requests.length === 0) throw new Error(`the soak mix has no ${name} requests (was the data seeded?)`);
  return requests;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
