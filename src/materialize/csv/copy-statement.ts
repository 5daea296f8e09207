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
  /** Number of data rows in `csv`. */
  readonly rowCount: number;
}

/** A planned statement carrying COPY data: `sql` is `COPY … FROM STDIN (FORMAT csv)`. */
export type CopyStatement = PlannedStatement & { readonly copyFrom: CopyFromData };

/** Whether a planned statement streams rows (the executor must send `copyFrom.csv`, not just run `sql`). */
export function isCopyStatement(statement: PlannedStatement): statement is CopyStatement {
  return (statement as Partial<CopyStatement>).copyFrom !== undefined;
}

/** `COPY table (columns) FROM STDIN` with the rows of `csv`, as a planned statement. */
export function copyStatement(table: RelationName, columns: readonly string[], csv: string, rowCount: number, purpose: string): CopyStatement {
  const head = `copy ${renderRelation(table)} (${columns.map(quoteIdent).join(', ')})`;
  const options = `(format csv, header false, delimiter ',', quote '"', null '')`;
  return {
    sql: `${head} from stdin ${options}`,
    purpose,
    countsRows: true,
    copyFrom: { csv, blobSql: `${head} from '/dev/blob' ${options}`, rowCount },
  };
}
