import { createRequire } from 'node:module';
import v8 from 'node:v8';
import type { ParseResult } from 'libpg-query';

/** PostgreSQL's own parser, loaded and ready for synchronous calls. */
export interface SqlParser {
  /** The raw parse tree of `sql`; throws the parser's SqlError (with a cursor position) on a syntax error. */
  parse(sql: string): ParseResult;
  /** Throws like `parse` when `sql` does not parse, without building a tree (cheaper, for validation only). */
  check(sql: string): void;
}

let loading: Promise<SqlParser> | undefined;

/**
 * Loads libpg-query's WASM module on first use only: importing the package starts the WASM
 * instantiation, so commands that never parse SQL must never import it.
 */
export function loadSqlParser(): Promise<SqlParser> {
  loading ??= loadParserModule();
  return loading;
}

async function loadParserModule(): Promise<SqlParser> {
  // The parser runs on V8's baseline WebAssembly code: optimising its 1.7 MB in the background took
  // longer than the parses it would speed up (a 10,000-model compile was no slower without it), and
  // the process could not exit before it finished, 0.2–0.3 s after every validated command. The
  // flags are read when the module compiles, so they are set just before.
  v8.setFlagsFromString('--no-wasm-dynamic-tiering');
  v8.setFlagsFromString('--no-wasm-tier-up');
  // Required, not imported: the bundled CLI is loaded as a script with a V8 code cache (bin/strata.js),
  // and a script compiled that way cannot import().
  const pg = createRequire(import.meta.url)('libpg-query') as typeof import('libpg-query');
  await pg.loadModule();
  return {
    parse: (sql: string) => pg.parseSync(sql),
    check: (sql: string) => {
      try {
        // Normalizing parses without serializing a tree to JSON and back.
        pg.normalizeSync(sql);
      } catch {
        // Its error carries no cursor position: parse again for the details (or succeed, if it failed for another reason).
        pg.parseSync(sql);
      }
    },
  };
}

/** The parser's error details, when `error` is a syntax error raised by it. */
export function syntaxErrorDetails(error: unknown): { message: string; cursorPosition: number } | undefined {
  if (!(error instanceof Error)) return undefined;
  const details = (error as { sqlDetails?: { message?: unknown; cursorPosition?: unknown } }).sqlDetails;
  if (!details || typeof details.cursorPosition !== 'number') return undefined;
  return { message: typeof details.message === 'string' ? details.message : error.message, cursorPosition: details.cursorPosition };
}
