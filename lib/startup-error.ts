/** A problem the operator must fix before the program can run: printed as one line, exit 1. */
export class StartupError extends Error {
  override name = 'StartupError';
}
