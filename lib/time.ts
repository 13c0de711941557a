// The one clock. Tests replace it (setNow) to move time without sleeping;
// SQL receives the time as a parameter wherever a test must move it.
let clock = () => new Date();

export function now(): Date {
  return clock();
}

/** Replaces the clock; returns a function that restores the real one. */
export function setNow(next: () => Date): () => void {
  const previous = clock;
  clock = next;
  return () => { clock = previous; };
}
