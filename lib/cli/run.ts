// How every entry point (server, CLIs) ends: an operator's mistake is one
// line on stderr; anything else is a bug and shows its stack. Either way the
// exit code says it failed.
import { StartupError } from '../startup-error.ts';

/** Runs `main`; a number it resolves to becomes the exit code. */
export function runMain(main: () => Promise<unknown>): void {
  main().then(
    (code) => {
      process.exitCode = typeof code === 'number' ? code : 0;
    },
    (error: unknown) => {
      if (error instanceof StartupError) process.stderr.write(`error: ${error.message}\n`);
      else process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
