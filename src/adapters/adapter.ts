import type { Readable } from 'node:stream';
import type { Catalog } from './catalog/catalog.js';
import type { CopySql } from './driver-session.js';
import type { Relation } from './relation.js';

/** Which database an adapter talks to; the `type` of a profiles.yml output. */
export type AdapterType = 'pglite' | 'postgres';

/** A result column: its name and its type as PostgreSQL's format_type prints it (`integer`, `text`, …). */
export interface QueryField {
  readonly name: string;
  readonly typeName: string;
  readonly typeId: number;
}

/**
 * Rows come back as objects keyed by column name. Values: int2/int4/float → number; int8 →
 * number when it fits exactly, else its decimal text; numeric → text (exact); date, time,
 * timestamp(tz) and interval → the text PostgreSQL prints (no time-zone shifting through JS Date);
 * bool → boolean; json/jsonb → parsed; other types → text.
 */
export interface QueryResult<Row = Record<string, unknown>> {
  readonly rows: Row[];
  readonly fields: readonly QueryField[];
  /** Rows returned or affected as the command tag reports it; null for commands without a count (DDL). */
  readonly rowCount: number | null;
  /** First word of the command tag: `SELECT`, `INSERT`, `CREATE`, … */
  readonly command: string;
}

/** One statement of a plan: SQL text, with `$1…` parameters when given. */
export type Statement = string | { readonly sql: string; readonly params?: readonly unknown[] };

export interface ExecuteOptions {
  /** Default true: all statements in one transaction. False for statements PostgreSQL refuses inside one (VACUUM, CREATE INDEX CONCURRENTLY). */
  readonly transaction?: boolean;
}

export interface CopyOptions {
  /** Whether the CSV's first line is a header (skipped). Default true. */
  readonly header?: boolean;
  readonly delimiter?: string;
  /** The text that means NULL. Default: an unquoted empty field. */
  readonly nullString?: string;
}

/** CSV data for COPY: the whole text, or a stream / async iterable of chunks. */
export type CsvSource = string | Readable | AsyncIterable<string | Uint8Array>;

export type { CopySql } from './driver-session.js';

/** One database session held for a unit of work. */
export interface Connection {
  /**
   * Runs SQL. Without params the simple protocol is used, so `sql` may hold several statements
   * (the last one's result is returned). Outside a transaction a transient failure is retried.
   */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /**
   * Runs a text of several statements in one round trip (simple protocol) and returns each one's
   * result, in order. PostgreSQL runs such a text as one implicit transaction: the first error
   * stops it and undoes what the others wrote. Retried like query.
   */
  queryEach(sql: string): Promise<QueryResult[]>;
  /**
   * BEGIN, `fn`, COMMIT; ROLLBACK when `fn` throws. On a transient failure the whole callback is
   * run again (on a fresh connection when the old one broke), so it must only have effects in the
   * database. Nested calls become savepoints and are not retried on their own.
   */
  transaction<T>(fn: (connection: Connection) => Promise<T>): Promise<T>;
  /** Runs the statements in order in one transaction (retried as a whole); returns each result. */
  execute(statements: readonly Statement[], options?: ExecuteOptions): Promise<QueryResult[]>;
  /** COPY … FROM CSV into `relation` (the listed columns, in the CSV's order); returns the rows loaded. */
  copyRowsFrom(relation: Relation, columns: readonly string[], csv: CsvSource, options?: CopyOptions): Promise<number>;
  /** Runs a COPY … FROM statement written by the caller (both spellings, the driver picks one), feeding it the CSV; returns the rows loaded. */
  copy(statement: CopySql, csv: CsvSource): Promise<number>;
  /** True while inside transaction(). */
  readonly inTransaction: boolean;
}

/** A Connection owned by its opener, who must close it. */
export interface DedicatedConnection extends Connection {
  close(): Promise<void>;
}

/** The only way the rest of strata talks to a database. */
export interface Adapter {
  readonly type: AdapterType;
  /** How many connections can work at once: 1 for PGlite, `threads` for a server. */
  readonly maxConnections: number;
  /** target.database as the profile names it; what Relations carry. */
  readonly database: string;
  /** Introspection, cached for the adapter's lifetime (one run). */
  readonly catalog: Catalog;
  /**
   * Holds one connection while `fn` runs. Calls nested inside `fn` (in the same async flow) reuse
   * it, so code deeper down (the catalog, a macro's run_query) never waits on a second one.
   */
  withConnection<T>(fn: (connection: Connection) => Promise<T>): Promise<T>;
  /**
   * A connection of its own, apart from those withConnection hands out, until closed; for session
   * state that must outlive units of work (the run lock's advisory lock). Absent on PGlite, which
   * has one backend. Never retried or reconnected: the session state would not survive it.
   */
  readonly openDedicatedConnection?: () => Promise<DedicatedConnection>;
  /**
   * PGlite only: takes this process's exclusive use of the data directory now, waiting up to
   * timeoutSeconds for another process to let go (LockHeldError, exit 4, after that). Held until
   * close(), which closes the database first. Opening the database takes it anyway, without waiting.
   */
  readonly lockDataDirectory?: (options: { timeoutSeconds: number; applicationName?: string }) => Promise<void>;
  /** Cancels the statements running now (server: pg_cancel_backend; PGlite: best effort between statements). */
  cancel(): Promise<void>;
  /** e.g. `15.20` or `18.6` (PostgreSQL's server_version). */
  serverVersion(): Promise<string>;
  /** Ends all connections; the adapter is unusable afterwards. */
  close(): Promise<void>;
}
