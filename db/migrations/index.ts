import type { Migration } from 'kysely/migration';

// Every migration, in the order it runs. A static list rather than a folder
// scan: it survives bundlers and test runners, and a reader sees the history.
// Names are NNNN_<what>; a landed migration is never renamed or edited.
export const migrations: Readonly<Record<string, Migration>> = {};
