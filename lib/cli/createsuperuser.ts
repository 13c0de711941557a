// npm run createsuperuser [-- --email EMAIL] [--name NAME] [--no-input]
// Interactive unless --no-input, or --email with SUPERUSER_PASSWORD set.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { createSuperuserFromArguments, createSuperuserInteractively } from './superuser.ts';
import { withMigratedDatabase } from './database.ts';
import { runMain } from './run.ts';
import { createTerminal } from './terminal.ts';

runMain(async () => {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, name: { type: 'string' }, 'no-input': { type: 'boolean' }, noinput: { type: 'boolean' } },
  });
  const { superuserPassword } = loadConfig();
  const interactive = !(values['no-input'] === true || values.noinput === true || (values.email !== undefined && superuserPassword !== null));

  await withMigratedDatabase(async (db) => {
    if (!interactive) {
      const user = await createSuperuserFromArguments(db, values, superuserPassword);
      process.stdout.write(`Superuser ${user.email} created successfully.\n`);
      return;
    }
    const terminal = createTerminal(process.stdin, process.stdout);
    try {
      await createSuperuserInteractively(db, terminal, values);
    } finally {
      terminal.close();
    }
  });
});
