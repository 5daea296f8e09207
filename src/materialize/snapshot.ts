/**
 * The `snapshot` materialization (dbt snapshots, slowly changing dimensions of type 2). The first run
 * creates the table from the snapshot query, every row its first version. Later runs, in one
 * transaction: add the query's new columns, stage the changes in a temp table, close the current
 * versions of changed (and, with hard_deletes, disappeared) keys, and insert the new versions.
 * --full-refresh does not rebuild a snapshot, as in dbt: its history cannot be recomputed.
 */
import type { GraphNode } from '../parse/manifest.js';
import { grantStatements, readGrantConfig } from './grants.js';
import { hookStatements } from './hooks.js';
import { resolveColumns, tempRelation } from './incremental-load.js';
import { createIndexStatements, readIndexConfigs } from './indexes.js';
import type { MaterializeInput } from './input.js';
import { MaterializationConfigError, nodeErrorOptions } from './materialize-errors.js';
import { persistDocsStatements, readPersistDocsConfig } from './persist-docs.js';
import { assembleRelationPlan } from './plan-assembly.js';
import type { ColumnState, DatabaseState, ExistingRelation, Plan, PlannedStatement, RelationName } from './plan.js';
import { schemaKnownToExist } from './schema-phase.js';
import { readSnapshotConfig, type SnapshotConfig } from './snapshot-config.js';
import { firstSnapshotSelect, snapshotMergeSql, snapshotStagingSelect, snapshotTime, type SnapshotSql } from './snapshot-sql.js';
import { quoteIdent, renderRelation } from './sql-names.js';
import { embeddedSelect, statement } from './statement.js';

/**
 * Where a snapshot lives: the legacy `target_schema` / `target_database` configs, taken as written
 * (dbt does not pass them through generate_schema_name), over the node's resolved relation.
 */
export function snapshotRelation(node: GraphNode, resolved: RelationName): RelationName {
  const { target_schema: schema, target_database: database } = node.config;
  return {
    database: typeof database === 'string' && database !== '' ? database : resolved.database,
    schema: typeof schema === 'string' && schema !== '' ? schema : resolved.schema,
    identifier: resolved.identifier,
  };
}

/** Plans a run of the snapshot `input.node` (dbt's `snapshot` materialization). */
export async function materializeSnapshot(input: MaterializeInput, db: DatabaseState): Promise<Plan> {
  const { node, runId, compiledSql } = input;
  // Every config is read before the first question to the database.
  const config = readSnapshotConfig(node);
  const grants = readGrantConfig(node);
  const indexes = readIndexConfigs(node);
  const docs = readPersistDocsConfig(node);
  const target = snapshotRelation(node, input.target);

  const existing = await db.relation(target);
  if (existing && existing.kind !== 'table') {
    throw new MaterializationConfigError(
      `${node.unique_id}: ${target.schema}.${target.identifier} exists as a ${existing.kind.replace('_', ' ')}, not a snapshot table`,
      nodeErrorOptions(node, 'drop that relation, or give the snapshot another name or schema'),
    );
  }
  const queryColumns = await db.queryColumns(compiledSql);
  const tableColumns = existing ? await db.columns(target) : [];
  const sql = snapshotSql(node, config, compiledSql, queryColumns, existing ? tableColumns : undefined);

  const build: PlannedStatement[] = [];
  const notes: string[] = [];
  if (!existing) {
    build.push(statement(`create table ${renderRelation(target)} as ${embeddedSelect(firstSnapshotSelect(sql))}`, `create the snapshot ${target.identifier}`, true));
    build.push(...createIndexStatements(target, target, indexes, runId));
    build.push(...persistDocsStatements(node, docs, target, 'table', queryColumns));
    build.push(...grantStatements(target, grants));
  } else {
    assertSnapshotTable(node, config, target, tableColumns);
    const changes = tableChanges(config, target, tableColumns, queryColumns);
    build.push(...changes.statements);
    notes.push(...changes.notes);
    const staging = tempRelation(target, runId);
    const merge = snapshotMergeSql(sql, target, quoteIdent(staging.identifier));
    build.push(
      statement(`create temporary table ${quoteIdent(staging.identifier)} on commit drop as ${embeddedSelect(snapshotStagingSelect(sql, target))}`, 'stage the changes since the last run'),
      statement(merge.close, 'close the current versions of changed rows'),
      statement(merge.insert, 'insert the new versions', true),
    );
    build.push(...persistDocsStatements(node, docs, target, 'table', queryColumns));
    build.push(...(grants.size > 0 ? grantStatements(target, grants, await db.grants?.(target)) : []));
  }

  return assembleRelationPlan({
    target,
    schemaExists: existing !== undefined || (await schemaKnownToExist(db, target)),
    preHooks: hookStatements(input.preHooks, 'pre_hook'),
    postHooks: hookStatements(input.postHooks, 'post_hook'),
    cleanup: [],
    build,
    notes,
    creates: [{ name: target, kind: 'table' } satisfies ExistingRelation],
    drops: [],
  });
}

/** The config resolved against the query's columns (and, on later runs, the table's). */
function snapshotSql(
  node: GraphNode,
  config: SnapshotConfig,
  sql: string,
  queryColumns: readonly ColumnState[],
  tableColumns: readonly ColumnState[] | undefined,
): SnapshotSql {
  const sourceColumns = queryColumns.map((c) => c.name);
  const column = (key: string, written: string): string => resolveColumns(node, key, [written], sourceColumns)[0]!;
  const keys = resolveColumns(node, 'unique_key', config.uniqueKey, sourceColumns);
  const { strategy, meta } = config;
  const updatedAtColumn = strategy.updatedAt === undefined ? undefined : column('updated_at', strategy.updatedAt);
  const updatedAt = updatedAtColumn === undefined ? snapshotTime : quoteIdent(updatedAtColumn);

  let rowChanged: string;
  if (strategy.kind === 'timestamp') {
    // Compared with dbt_valid_from, not the table's copy of updated_at, which a strategy change may have left empty.
    rowChanged = `(snapshotted_data.${quoteIdent(meta.dbt_valid_from)} < source_data.${updatedAt})`;
  } else {
    const checked = strategy.checkCols === 'all' ? sourceColumns : resolveColumns(node, 'check_cols', strategy.checkCols, sourceColumns);
    const inTable = new Set((tableColumns ?? []).map((c) => c.name));
    // As in dbt: a checked column new to the table makes every row a new version.
    rowChanged = checked.some((c) => !inTable.has(c))
      ? 'true'
      : `(${checked.map((c) => `snapshotted_data.${quoteIdent(c)} is distinct from source_data.${quoteIdent(c)}`).join('\n    or ')})`;
  }
  return { sql, sourceColumns, keys, updatedAt, rowChanged, hardDeletes: config.hardDeletes, meta, ...(config.validToCurrent !== undefined ? { validToCurrent: config.validToCurrent } : {}) };
}

/** dbt's assert_valid_snapshot_target_given_strategy: the table must have the meta columns a run writes. */
function assertSnapshotTable(node: GraphNode, config: SnapshotConfig, target: RelationName, tableColumns: readonly ColumnState[]): void {
  const have = new Set(tableColumns.map((c) => c.name));
  const { dbt_scd_id, dbt_updated_at, dbt_valid_from, dbt_valid_to } = config.meta;
  const missing = [dbt_scd_id, dbt_updated_at, dbt_valid_from, dbt_valid_to].filter((name) => !have.has(name));
  if (missing.length > 0) {
    throw new MaterializationConfigError(
      `${node.unique_id}: ${target.schema}.${target.identifier} is not a snapshot table: it has no column ${missing.join(', ')}`,
      nodeErrorOptions(node, 'if snapshot_meta_column_names changed, rename the columns to match; otherwise drop the table or give the snapshot another name'),
    );
  }
}

const varchar = /^character varying(?:\((\d+)\))?$/;

/** Length of a `character varying(n)` type (Infinity when unbounded or text), or undefined for other types. */
function stringLength(type: string): number | undefined {
  if (type === 'text') return Infinity;
  const match = varchar.exec(type);
  if (!match) return undefined;
  return match[1] === undefined ? Infinity : Number(match[1]);
}

/**
 * What the table needs before the new versions fit: the query's new columns added (dbt's create_columns),
 * `dbt_is_deleted` when hard_deletes turned to new_record, and varchar columns widened (expand_target_column_types).
 */
function tableChanges(
  config: SnapshotConfig,
  target: RelationName,
  tableColumns: readonly ColumnState[],
  queryColumns: readonly ColumnState[],
): { statements: PlannedStatement[]; notes: string[] } {
  const statements: PlannedStatement[] = [];
  const notes: string[] = [];
  const byName = new Map(tableColumns.map((c) => [c.name, c]));
  const table = renderRelation(target);
  for (const column of queryColumns) {
    const held = byName.get(column.name);
    if (!held) {
      statements.push(statement(`alter table ${table} add column ${quoteIdent(column.name)} ${column.data_type}`, `add the new column ${column.name}`));
      notes.push(`added column ${column.name} to the snapshot`);
      continue;
    }
    const had = stringLength(held.data_type);
    const needs = stringLength(column.data_type);
    if (had !== undefined && needs !== undefined && needs > had) {
      statements.push(statement(`alter table ${table} alter column ${quoteIdent(column.name)} type ${column.data_type}`, `widen column ${column.name} to ${column.data_type}`));
    }
  }
  const isDeleted = config.meta.dbt_is_deleted;
  if (config.hardDeletes === 'new_record' && !byName.has(isDeleted)) {
    // Versions written before hard_deletes became new_record are not deletions.
    statements.push(statement(`alter table ${table} add column ${quoteIdent(isDeleted)} text default 'False'`, `add the column ${isDeleted}`));
    statements.push(statement(`alter table ${table} alter column ${quoteIdent(isDeleted)} drop default`, `leave ${isDeleted} without a default`));
    notes.push(`added column ${isDeleted} to the snapshot`);
  }
  return { statements, notes };
}
