/**
 * A statement that streams rows into a table with COPY (seeds). The plan carries the rows as CSV text;
 * a server reads them through `COPY … FROM STDIN`, PGlite (whose STDIN copy is unusable) from `/dev/blob`.
 */
import type { PlannedStatement, RelationName } from '../plan.js';
import { quoteIdent, renderRelation } from '../sql-names.js';

/** The rows of a `COPY … FROM STDIN` statement and the same statement reading PGlite's blob instead. */
export interface CopyFromData {
  /** CSV text exactly as the statement's options read it: no header, `,`, `"` quoting, unquoted empty = NULL. */
  readonly csv: string;
  /** The statement with `FROM '/dev/blob'`: run it with PGlite's `query(sql, [], { blob: new Blob([csv]) })`. */
  readonly blobSql: string;
  /**
   * Present when the statement was planned on a guess (a large seed's columns, see seed-guess.ts): the
   * executor awaits it after the COPY and before the transaction commits; it rejects when the guess
   * was wrong.
   */
  readonly confirm?: () => Promise<void>;
}

/** A planned statement carrying COPY data: `sql` is `COPY … FROM STDIN (FORMAT csv)`. */
export type CopyStatement = PlannedStatement & { readonly copyFrom: CopyFromData };

/** Whether a planned statement streams rows (the executor must send `copyFrom.csv`, not just run `sql`). */
export function isCopyStatement(statement: PlannedStatement): statement is CopyStatement {
  return (statement as Partial<CopyStatement>).copyFrom !== undefined;
}

/** `COPY table (columns) FROM STDIN` with the rows of `csv`, as a planned statement. */
export function copyStatement(table: RelationName, columns: readonly string[], rows: { csv: string; confirm?: () => Promise<void> }, purpose: string): CopyStatement {
  const head = `copy ${renderRelation(table)} (${columns.map(quoteIdent).join(', ')})`;
  const options = `(format csv, header false, delimiter ',', quote '"', null '')`;
  return {
    sql: `${head} from stdin ${options}`,
    purpose,
    countsRows: true,
    copyFrom: { csv: rows.csv, blobSql: `${head} from '/dev/blob' ${options}`, ...(rows.confirm ? { confirm: rows.confirm } : {}) },
  };
}
