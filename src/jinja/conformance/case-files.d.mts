/** A conformance case as read from cases/: a template, and optionally its context, macros and loadable templates. */
export interface ConformanceCase {
  name: string;
  file: string;
  template: string;
  context?: Record<string, unknown>;
  macros?: string;
  templates?: Record<string, string>;
}

/** What a renderer produced for a case: the output, or the Python exception as `Type: message`. */
export type ConformanceResult = { ok: true; out: string } | { ok: false; error: string };

export const conformanceDir: string;
export const casesDir: string;
export const expectedFile: string;
export const handwrittenFile: string;
export const knownFailuresFile: string;
/** Every case under cases/, sorted by name (`<group>/<case>`). */
export function collectCases(root?: string): ConformanceCase[];
/** Reads a JSON file, or returns `fallback` when it does not exist. */
export function readJson<T>(file: string, fallback: T): T;
