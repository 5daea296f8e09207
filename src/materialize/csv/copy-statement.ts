/**
 * A statement that streams rows into a table with COPY (seeds). The plan carries the rows, as CSV
 * text or as a source of COPY's binary format; a server reads them through `COPY … FROM STDIN`,
 * PGlite (whose STDIN copy is unusable) from `/dev/blob`.
 */
import type { PlannedStatement, RelationName } from '../plan.js';
import { quoteIdent, renderRelation } from '../sql-names.js';

/** The rows of a COPY: CSV text, or binary chunks made anew on every call (a retried transaction reads them again). */
export type CopyRows =
  /** CSV text exactly as the statement's options read it: no header, `,`, `"` quoting, unquoted empty = NULL. */
  | { readonly csv: string }
  | { readonly binary: () => AsyncIterable<Uint8Array> };

/** The rows of a `COPY … FROM STDIN` statement and the same statement reading PGlite's blob instead. */
export type CopyFromData = CopyRows & {
  /** The statement with `FROM '/dev/blob'`: run it with PGlite's `query(sql, [], { blob })`, the blob holding the rows. */
  readonly blobSql: string;
  /**
   * Present when the statement was planned on a guess (a large seed's columns, see seed-guess.ts): the
   * executor awaits it after the COPY and before the transaction commits; it rejects when the guess
   * was wrong.
   */
  readonly confirm?: () => Promise<void>;
};

/** A planned statement carrying COPY data: `sql` is `COPY … FROM STDIN (FORMAT csv|binary)`. */
export type CopyStatement = PlannedStatement & { readonly copyFrom: CopyFromData };

/** Whether a planned statement streams rows (the executor must send its rows, not just run `sql`). */
export function isCopyStatement(statement: PlannedStatement): statement is CopyStatement {
  return (statement as Partial<CopyStatement>).copyFrom !== undefined;
}

/** The rows to send for a COPY: its CSV text, or a new stream of its binary chunks. */
export function copySource(copyFrom: CopyRows): string | AsyncIterable<Uint8Array> {
  return 'csv' in copyFrom ? copyFrom.csv : copyFrom.binary();
}

/** Whether a COPY's rows must be confirmed (or are checked while they stream) before its transaction may commit. */
export function isGuessedCopy(statement: PlannedStatement): boolean {
  return isCopyStatement(statement) && (statement.copyFrom.confirm !== undefined || 'binary' in statement.copyFrom);
}

/** `COPY table (columns) FROM STDIN` with `rows`, as a planned statement. */
export function copyStatement(table: RelationName, columns: readonly string[], rows: CopyRows & { readonly confirm?: () => Promise<void> }, purpose: string): CopyStatement {
  const head = `copy ${renderRelation(table)} (${columns.map(quoteIdent).join(', ')})`;
  const options = 'csv' in rows ? `(format csv, header false, delimiter ',', quote '"', null '')` : '(format binary)';
  const data = 'csv' in rows ? { csv: rows.csv } : { binary: rows.binary };
  return {
    sql: `${head} from stdin ${options}`,
    purpose,
    countsRows: true,
    copyFrom: { ...data, blobSql: `${head} from '/dev/blob' ${options}`, ...(rows.confirm ? { confirm: rows.confirm } : {}) },
  };
}
