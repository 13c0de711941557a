// bench:cold --cpu-prof: a process's profile cut to its first request.
import { expect, it } from 'vitest';
import { profileBetween } from './cold.ts';

it('keeps the samples taken within the window, timed from its start', () => {
  // Samples at 1010, 1020, 1050, 1070 µs.
  const profile = { nodes: [{ id: 1 }], startTime: 1000, endTime: 1100, samples: [1, 2, 3, 4], timeDeltas: [10, 10, 30, 20] };
  expect(profileBetween(profile, [1015, 1060])).toEqual({ nodes: [{ id: 1 }], startTime: 1015, endTime: 1060, samples: [2, 3], timeDeltas: [5, 30] });
});
