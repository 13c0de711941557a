// Tests that need other settings. Config is read once per module graph, so
// the functions under test are imported afresh with the variables stubbed:
// they get a pool and a logger of their own, and that pool is closed after.
import { afterAll, beforeAll, vi } from 'vitest';

type Settings = Record<string, string>;

/**
 * In the enclosing describe block (or file): before its tests, stub these
 * variables and run `load`, whose dynamic imports then see them; after, close
 * the fresh pool and restore the variables.
 */
export function loadWithSettings(settings: Settings | (() => Promise<Settings>), load: () => Promise<void>): void {
  let closeDb: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const values = typeof settings === 'function' ? await settings() : settings;
    for (const [name, value] of Object.entries(values)) vi.stubEnv(name, value);
    vi.resetModules();
    await load();
    closeDb = (await import('../database/pool.ts')).closeDb;
    // The fresh graph's logger, as quiet as the setup made the first one.
    (await import('../log.ts')).setLogLevel((await import('../config.ts')).loadConfig().logLevel);
  });
  afterAll(async () => {
    await closeDb?.();
    vi.unstubAllEnvs();
  });
}
