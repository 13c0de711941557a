// `npm run lint`'s import-cycle check: the project's own modules (functions/,
// lib/, db/, bench/) must import each other without a cycle, type-only imports
// included. A cycle makes the order of evaluation decide whether a value is
// there yet, and pulls a whole ring of files into every bundle that needs one.
// TypeScript's own pre-processor reads the imports (static, dynamic, re-exports).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const roots = ['functions', 'lib', 'db', 'bench'];

/** Every .ts file under `dirs`, as paths relative to `base`. */
export function sourceFiles(base: string, dirs: readonly string[] = roots): string[] {
  return dirs.flatMap((dir) =>
    readdirSync(join(base, dir), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
      .map((entry) => relative(base, join(entry.parentPath, entry.name))),
  );
}

/** Each file's imports of other files in `sources` (relative specifiers only: packages cannot import us back). */
export function importGraph(sources: ReadonlyMap<string, string>): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [file, text] of sources) {
    const imported = ts
      .preProcessFile(text, true, true)
      .importedFiles.map(({ fileName }) => fileName)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => join(dirname(file), specifier))
      .filter((target) => sources.has(target));
    graph.set(file, [...new Set(imported)]);
  }
  return graph;
}

/** One cycle through each strongly connected part of the graph (Tarjan), each as a closed path `a → b → a`. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file) ?? 0);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const part: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      part.push(member);
    } while (member !== file);
    if (part.length > 1 || (graph.get(file) ?? []).includes(file)) cycles.push(cycleWithin(graph, new Set(part), file));
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return cycles;
}

// A shortest way from `start` back to itself inside one strongly connected part.
function cycleWithin(graph: ReadonlyMap<string, readonly string[]>, part: ReadonlySet<string>, start: string): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (const file of queue) {
    for (const next of graph.get(file) ?? []) {
      if (!part.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let at: string | undefined = file; at !== undefined && at !== start; at = cameFrom.get(at)) path.unshift(at);
        return [start, ...path];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, file);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

if (import.meta.main) {
  const base = resolve(import.meta.dirname, '../..');
  const sources = new Map(sourceFiles(base).map((file) => [file, readFileSync(join(base, file), 'utf8')]));
  const cycles = findCycles(importGraph(sources));
  for (const cycle of cycles) console.error(`import cycle: ${cycle.join(' → ')}`);
  if (cycles.length > 0) process.exit(1);
  console.log(`no import cycle among ${sources.size} files`);
}
