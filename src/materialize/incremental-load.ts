/**
 * The heart of an incremental run, shared by every strategy and by each microbatch batch: load the new
 * rows into a temp table unique to the run, then apply them to the table by strategy. Planned against the
 * table's columns and the query's, so schema changes and a missing unique index are found before anything runs.
 */
import type { GraphNode } from '../parse/manifest.js';
import type { IncrementalConfig } from './incremental-config.js';
import { appendStatements } from './incremental-strategies/append.js';
import { deleteInsertStatements } from './incremental-strategies/delete-insert.js';
import { mergeMinimumVersion, mergeStatements, onConflictStatements } from './incremental-strategies/merge.js';
import type { StrategyArgs } from './incremental-strategies/strategy-args.js';
import { intermediateRelation } from './intermediate-names.js';
import { MaterializationConfigError, nodeErrorOptions } from './materialize-errors.js';
import type { ColumnState, DatabaseState, ExistingRelation, PlannedStatement, RelationName } from './plan.js';
import { quoteIdent, renderRelation, userIdentifier } from './sql-names.js';
import { embeddedSelect, statement } from './statement.js';

/** Whether an existing relation can be updated in place (anything else is rebuilt as a table). */
export function isIncrementalTable(existing: ExistingRelation | undefined): existing is ExistingRelation {
  return existing !== undefined && (existing.kind === 'table' || existing.kind === 'partitioned_table');
}

/** The temp table holding one run's (or one batch's) new rows: in pg_temp, dropped at commit. */
export function tempRelation(target: RelationName, runId: string): RelationName {
  return { ...target, schema: 'pg_temp', identifier: intermediateRelation(target, 'tmp', runId).identifier };
}

/** `create temporary table … on commit drop as (sql)`. */
export function createTempStatement(temp: RelationName, sql: string): PlannedStatement {
  return statement(`create temporary table ${quoteIdent(temp.identifier)} on commit drop as ${embeddedSelect(sql)}`, 'load the new rows into a temp table');
}

/** Written config names (unique_key, merge_update_columns, …) resolved to the query's column names. */
export function resolveColumns(node: GraphNode, key: string, written: readonly string[], columns: readonly string[]): string[] {
  return written.map((name) => {
    if (columns.includes(name)) return name;
    const folded = userIdentifier(name);
    if (folded !== undefined && columns.includes(folded)) return folded;
    throw new MaterializationConfigError(
      `${node.unique_id}: ${key} names ${JSON.stringify(name)}, which is not a column of the model (columns: ${columns.join(', ')})`,
      nodeErrorOptions(node, `${key} must list column names the model's query returns`),
    );
  });
}

/** Columns a matched row gets from the new row: merge_update_columns, or all but merge_exclude_columns and the key (equal by definition). */
function updateColumns(node: GraphNode, config: IncrementalConfig, destColumns: readonly string[], uniqueKey: readonly string[]): string[] {
  if (config.mergeUpdateColumns) return resolveColumns(node, 'merge_update_columns', config.mergeUpdateColumns, destColumns);
  const excluded = new Set([...uniqueKey, ...resolveColumns(node, 'merge_exclude_columns', config.mergeExcludeColumns ?? [], destColumns)]);
  return destColumns.filter((c) => !excluded.has(c));
}

/** Merge statements for this server: MERGE from PostgreSQL 15, else INSERT … ON CONFLICT (checked against the table's unique indexes). */
async function mergeForServer(node: GraphNode, args: StrategyArgs, db: DatabaseState): Promise<PlannedStatement[]> {
  const version = await db.serverVersionNum();
  if (version >= mergeMinimumVersion) return mergeStatements(args);
  if (args.uniqueKey.length > 0 && db.indexes) {
    const wanted = [...args.uniqueKey].sort().join('\u0000');
    const indexes = await db.indexes(args.target);
    const hasUnique = indexes.some((index) => index.unique && [...index.columns].sort().join('\u0000') === wanted);
    if (!hasUnique) {
      throw new MaterializationConfigError(
        `${node.unique_id}: incremental_strategy merge needs MERGE (PostgreSQL 15+) or a unique index on (${args.uniqueKey.join(', ')}); this server is ${version} and ${args.target.schema}.${args.target.identifier} has no such index`,
        nodeErrorOptions(node, `add indexes: [{columns: [${args.uniqueKey.map((k) => `'${k}'`).join(', ')}], unique: true}] to the model's config and run it once with --full-refresh, or use incremental_strategy: delete+insert`),
      );
    }
  }
  return onConflictStatements(args);
}

export interface IncrementalApply {
  readonly node: GraphNode;
  readonly config: IncrementalConfig;
  readonly target: RelationName;
  readonly temp: RelationName;
  /** Columns the strategy writes (after on_schema_change). */
  readonly destColumns: readonly string[];
  /** Every column the query returns (unique_key is resolved against these). */
  readonly queryColumns: readonly ColumnState[];
}

/** The statements applying the temp table's rows to the table with the configured strategy (microbatch's own is planned elsewhere). */
export async function strategyStatements(apply: IncrementalApply, db: DatabaseState, strategy = apply.config.strategy): Promise<PlannedStatement[]> {
  const { node, config } = apply;
  const uniqueKey = resolveColumns(node, 'unique_key', config.uniqueKey, apply.queryColumns.map((c) => c.name));
  const args: StrategyArgs = {
    target: apply.target,
    source: renderRelation(apply.temp),
    destColumns: apply.destColumns,
    uniqueKey,
    predicates: config.predicates,
    updateColumns: updateColumns(node, config, apply.destColumns, uniqueKey),
  };
  switch (strategy) {
    case 'append':
      return appendStatements(args);
    case 'delete+insert':
      return deleteInsertStatements(args);
    case 'merge':
    case 'microbatch':
      return mergeForServer(node, args, db);
    default: {
      const unreachable: never = strategy;
      return unreachable;
    }
  }
}
