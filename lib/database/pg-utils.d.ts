// pg's own value conversion (Date, array, JSON… to parameter text), which
// pg's query applies to each value; statement-run.ts applies it the same way.
declare module 'pg/lib/utils.js' {
  export function prepareValue(value: unknown): Buffer | string | null;
}
