/**
 * A materialization's output: the statements that build one node, as data. Materializations read
 * the state of the database through a read-only DatabaseState and return a Plan; the executor runs
 * it. So `--dry-run`, golden-SQL tests and transaction boundaries come from one place.
 */
import type { CopyFromData } from './csv/copy-statement.js';

/** A relation's three-part name (unquoted parts; quoting happens in one function in src/adapters). */
export interface RelationName {
  readonly database: string;
  readonly schema: string;
  readonly identifier: string;
}

export type RelationKind = 'table' | 'view' | 'materialized_view' | 'partitioned_table' | 'foreign_table' | 'other';

export interface ColumnState {
  readonly name: string;
  /** As PostgreSQL's format_type() prints it: `integer`, `character varying(20)`, `numeric(10,2)`. */
  readonly data_type: string;
}

export interface ExistingRelation {
  readonly name: RelationName;
  readonly kind: RelationKind;
}

/** A view depending on a relation that a swap would otherwise drop. */
export interface DependentView {
  readonly name: RelationName;
  readonly kind: 'view' | 'materialized_view';
  /** The SELECT the view is defined by (pg_get_viewdef), used when the project doesn't own the view. */
  readonly definition: string;
  /** The view's comment, if any, so re-creating it keeps it. */
  readonly comment?: string;
}

/** An index as the catalog holds it. */
export interface IndexState {
  readonly name: string;
  /** Column names in index order (expression indexes list the expression text). */
  readonly columns: readonly string[];
  readonly unique: boolean;
  /** Access method: `btree`, `hash`, `gin`, … */
  readonly method: string;
}

/** Privileges held on a relation: privilege (lowercase, `select`) → grantees (role names, `public`). */
export type GrantState = Readonly<Record<string, readonly string[]>>;

/** Read-only questions a materialization may ask of the database while planning. */
export interface DatabaseState {
  relation(name: RelationName): Promise<ExistingRelation | undefined>;
  columns(name: RelationName): Promise<readonly ColumnState[]>;
  /** Columns a query would return, without running it (`select * from (…) limit 0`). */
  queryColumns(sql: string): Promise<readonly ColumnState[]>;
  dependentViews(name: RelationName): Promise<readonly DependentView[]>;
  /** PostgreSQL server_version_num (e.g. 150004, 180000). */
  serverVersionNum(): Promise<number>;
  /**
   * Whether a schema exists. `create schema if not exists` needs CREATE on the database even when the
   * schema is there, so a role limited to an existing schema would fail without this check.
   */
  schemaExists?(schema: string): Promise<boolean>;
  /**
   * Every relation of a schema (finds intermediate and backup leftovers of a crashed run); with
   * `where`, an implementation may leave out the relations whose identifier it rejects.
   */
  listRelations?(schema: string, where?: (identifier: string) => boolean): Promise<readonly ExistingRelation[]>;
  /** Indexes of a table or materialized view (detects index config changes). */
  indexes?(name: RelationName): Promise<readonly IndexState[]>;
  /** Privileges granted on a relation, without the owner's own (revokes what config no longer grants). */
  grants?(name: RelationName): Promise<GrantState>;
  /** A view's or materialized view's query as PostgreSQL prints it (pg_get_viewdef, every name schema-qualified). */
  viewDefinition?(name: RelationName): Promise<string | undefined>;
  /** `sql` as PostgreSQL would print it as a view's query, to compare with viewDefinition (detects a changed query). */
  queryDefinition?(sql: string): Promise<string>;
}

/** One statement and why it runs (the why shows in --dry-run and debug logs). */
export interface PlannedStatement {
  readonly sql: string;
  readonly purpose: string;
  /** Statement whose affected-row count is the node's `rows_affected`. */
  readonly countsRows?: boolean;
  /**
   * Present on `COPY … FROM STDIN` statements (seeds): the rows to stream. A server gets `copyFrom.csv`
   * through pg-copy-streams; PGlite runs `copyFrom.blobSql` with `{ blob: new Blob([copyFrom.csv]) }`.
   */
  readonly copyFrom?: CopyFromData;
}

/** Statements run together; a transactional phase is one BEGIN…COMMIT, retried whole on a transient error. */
export interface PlanPhase {
  readonly transactional: boolean;
  readonly statements: readonly PlannedStatement[];
}

export interface Plan {
  readonly target: RelationName;
  readonly phases: readonly PlanPhase[];
  /** Things the user should hear about: "re-created 2 dependent views", "added column x". */
  readonly notes: readonly string[];
  /** What the database holds afterwards, so the executor can update its catalog cache. */
  readonly creates: readonly ExistingRelation[];
  readonly drops: readonly RelationName[];
  /**
   * The SQLSTATE on which the plan was a guess the database refused (nothing changed): plan again
   * with `MaterializeInput.guessRefused`. A view replaced in place without first asking for its
   * query's columns is refused (42P16) exactly when its columns changed in a way it cannot take.
   */
  readonly replanOn?: string;
}
