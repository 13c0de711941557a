// npm run migrate            apply every pending migration
// npm run migrate -- status  list migrations and whether each is applied
// npm run migrate -- down    revert the newest applied migration
import { loadConfig } from '../config.ts';
import { startDatabase } from '../database/server.ts';
import { closeDb, getDb, useDatabaseUrl } from '../database/pool.ts';
import { createMigrator, migrateDown, migrateToLatest } from '../database/migrator.ts';
import { StartupError } from '../startup-error.ts';
import { runMain } from './run.ts';

const commands = ['up', 'status', 'down'] as const;
type Command = (typeof commands)[number];

runMain(async () => {
  const command = process.argv[2] ?? 'up';
  if (!commands.includes(command as Command)) throw new StartupError(`unknown command "${command}": use one of ${commands.join(', ')}`);
  const server = await startDatabase(loadConfig().database);
  useDatabaseUrl(server.url);
  try {
    const migrator = createMigrator(getDb());
    if (command === 'up') await migrateToLatest(migrator);
    else if (command === 'down') await migrateDown(migrator);
    else {
      const all = await migrator.getMigrations();
      if (all.length === 0) process.stdout.write('no migrations\n');
      for (const { name, executedAt } of all) {
        process.stdout.write(`${executedAt ? `[x] ${name}  (applied ${executedAt.toISOString()})` : `[ ] ${name}`}\n`);
      }
    }
  } finally {
    await closeDb();
    await server.stop();
  }
});
