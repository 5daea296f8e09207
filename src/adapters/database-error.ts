import { ExitCode, StrataError, type StrataErrorOptions } from '../errors/strata-error.js';

/** What PostgreSQL reported about a failed statement (the ErrorResponse fields). */
export interface DatabaseErrorFields {
  /** Five-character SQLSTATE, e.g. `42P01` (undefined_table). */
  readonly sqlstate: string;
  readonly message: string;
  /** 1-based character offset into the statement, when PostgreSQL points at one. */
  readonly position?: number;
  readonly detail?: string;
  readonly hint?: string;
  readonly severity?: string;
  readonly where?: string;
  readonly schema?: string;
  readonly table?: string;
  readonly column?: string;
  readonly constraint?: string;
}

/** A statement failed in the database. `code` is the SQLSTATE; the node that ran it fails (exit 1). */
export class DatabaseError extends StrataError {
  readonly sqlstate: string;
  readonly position?: number;
  readonly detail?: string;
  readonly severity?: string;
  /** PostgreSQL's WHERE field: the call stack inside the database (e.g. a PL/pgSQL function). */
  readonly databaseContext?: string;
  readonly schemaName?: string;
  readonly tableName?: string;
  readonly columnName?: string;
  readonly constraint?: string;
  /** The statement that failed, so a reporter can show a frame at `position`. */
  readonly sql?: string;
  /** Why the statement ran (a planned statement's purpose: `build the new table`), when known. */
  readonly purpose?: string;

  constructor(fields: DatabaseErrorFields, sql?: string, options: StrataErrorOptions = {}, purpose?: string) {
    super(fields.sqlstate, fields.message, { ...options, hint: fields.hint ?? options.hint }, ExitCode.nodeFailed);
    this.sqlstate = fields.sqlstate;
    this.position = fields.position;
    this.detail = fields.detail;
    this.severity = fields.severity;
    this.databaseContext = fields.where;
    this.schemaName = fields.schema;
    this.tableName = fields.table;
    this.columnName = fields.column;
    this.constraint = fields.constraint;
    this.sql = sql;
    this.purpose = purpose;
  }

  /** The same error, naming the planned statement it came from. */
  forStatement(purpose: string, sql: string): DatabaseError {
    const copy = new DatabaseError(
      {
        sqlstate: this.sqlstate,
        message: this.message,
        position: this.position,
        detail: this.detail,
        hint: this.hint,
        severity: this.severity,
        where: this.databaseContext,
        schema: this.schemaName,
        table: this.tableName,
        column: this.columnName,
        constraint: this.constraint,
      },
      sql,
      { location: this.location, frame: this.frame, nodeId: this.nodeId, cause: this.cause },
      purpose,
    );
    copy.stack = this.stack;
    return copy;
  }
}

/** The statement was cancelled (SQLSTATE 57014), by `Adapter.cancel()` or statement_timeout. */
export const QUERY_CANCELED = '57014';
