// Measuring in rounds. This machine's speed drifts by up to half within
// minutes: measured once each, whatever ran during a faster minute looked
// cheaper. In rounds whose order turns every time (a b c, c b a, …), with an
// even number of rounds each one has as many early slots as late ones, and a
// drift weighs on all of them alike.

/** `rounds` rounds of `items`, every other one in reverse order. */
export function inTurns<T>(items: readonly T[], rounds: number): T[] {
  return Array.from({ length: rounds }, (_, round) => (round % 2 === 0 ? [...items] : [...items].reverse())).flat();
}
