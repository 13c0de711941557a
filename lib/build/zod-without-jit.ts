// Imported first by every bundle's entry (lib/build/bundle.ts), before zod
// loads. zod's object schemas write a parser of their own with new Function
// the first time they parse synchronously; V8 compiles that at every cold
// start (a code cache covers only app.cjs itself). The configuration's ~45
// variables are parsed once per process, so writing their parser cost ~4 ms
// of a start's CPU and saved nothing; the per-request parses it would speed
// up (path and query parameters; bodies are parsed asynchronously, without
// it) take ~0.2 µs more without it. zod reads this object, where it keeps its
// configuration, when a schema is made.
const zodConfig = ((globalThis as { __zod_globalConfig?: Record<string, unknown> }).__zod_globalConfig ??= {});
zodConfig.jitless = true;
