/**
 * on_schema_change for incremental models: compare the columns the model's query returns with the
 * existing table's, then ignore, fail, add new columns, or sync all (add, drop, change types). The
 * ALTERs are returned as statements so they run in the same transaction as the data change.
 */
import type { GraphNode } from '../parse/manifest.js';
import { StrataError, type StrataErrorOptions } from '../errors/strata-error.js';
import type { OnSchemaChange } from './incremental-config.js';
import { nodeErrorOptions } from './materialize-errors.js';
import type { ColumnState, PlannedStatement, RelationName } from './plan.js';
import { quoteIdent, renderRelation } from './sql-names.js';
import { statement } from './statement.js';

/** The model's columns no longer match its incremental table, and its on_schema_change says to stop. */
export class SchemaChangeError extends StrataError {
  constructor(message: string, options: StrataErrorOptions = {}) {
    super('incremental_schema_change', message, options);
  }
}

export interface ColumnTypeChange {
  readonly name: string;
  readonly from: string;
  readonly to: string;
}

export interface SchemaDiff {
  /** In the query, not in the table. */
  readonly added: readonly ColumnState[];
  /** In the table, not in the query. */
  readonly removed: readonly ColumnState[];
  readonly typeChanged: readonly ColumnTypeChange[];
  /** `character varying(n)` columns the query's longer strings need widened (done whatever the mode, as dbt does). */
  readonly widened: readonly ColumnTypeChange[];
}

export interface SchemaChangePlan {
  readonly statements: readonly PlannedStatement[];
  /** The columns the strategy writes, in the table's order then new ones. */
  readonly destColumns: readonly string[];
  readonly notes: readonly string[];
}

const varcharPattern = /^character varying\((\d+)\)$/;

/** How the query's columns differ from the table's (names compared exactly, types as format_type prints them). */
export function diffColumns(table: readonly ColumnState[], query: readonly ColumnState[]): SchemaDiff {
  const tableByName = new Map(table.map((c) => [c.name, c]));
  const queryNames = new Set(query.map((c) => c.name));
  const typeChanged: ColumnTypeChange[] = [];
  const widened: ColumnTypeChange[] = [];
  for (const column of query) {
    const existing = tableByName.get(column.name);
    if (!existing || existing.data_type === column.data_type) continue;
    const from = varcharPattern.exec(existing.data_type);
    const to = varcharPattern.exec(column.data_type);
    if (from && to) {
      if (Number(to[1]) > Number(from[1])) widened.push({ name: column.name, from: existing.data_type, to: column.data_type });
      continue;
    }
    typeChanged.push({ name: column.name, from: existing.data_type, to: column.data_type });
  }
  return {
    added: query.filter((c) => !tableByName.has(c.name)),
    removed: table.filter((c) => !queryNames.has(c.name)),
    typeChanged,
    widened,
  };
}

function describeColumns(columns: readonly ColumnState[]): string {
  return columns.map((c) => `${c.name} (${c.data_type})`).join(', ');
}

function failureDetails(diff: SchemaDiff): string[] {
  return [
    ...(diff.added.length ? [`columns added in the model: ${describeColumns(diff.added)}`] : []),
    ...(diff.removed.length ? [`columns removed from the model: ${describeColumns(diff.removed)}`] : []),
    ...(diff.typeChanged.length ? [`columns with a new type: ${diff.typeChanged.map((c) => `${c.name} (${c.from} → ${c.to})`).join(', ')}`] : []),
  ];
}

function alterType(target: RelationName, change: ColumnTypeChange, why: string): PlannedStatement {
  const column = quoteIdent(change.name);
  return statement(`alter table ${renderRelation(target)} alter column ${column} type ${change.to} using ${column}::${change.to}`, `${why} ${change.name} from ${change.from} to ${change.to}`);
}

/**
 * The ALTERs on_schema_change calls for and the columns the strategy then writes. Throws SchemaChangeError
 * (before anything runs) for `fail` with any difference, and for `ignore` when the query lost a column the
 * table has (the insert could not fill it; dbt fails there too, with a database error).
 */
export function planSchemaChange(node: GraphNode, mode: OnSchemaChange, target: RelationName, table: readonly ColumnState[], query: readonly ColumnState[]): SchemaChangePlan {
  const diff = diffColumns(table, query);
  const statements: PlannedStatement[] = diff.widened.map((change) => alterType(target, change, 'widen'));
  const notes: string[] = [];
  const changed = diff.added.length + diff.removed.length + diff.typeChanged.length > 0;
  const name = `${target.schema}.${target.identifier}`;
  if (mode === 'fail' && changed) {
    throw new SchemaChangeError(`${node.unique_id}: the model's columns no longer match ${name} (on_schema_change: fail); nothing was changed:\n  ${failureDetails(diff).join('\n  ')}`, nodeErrorOptions(node, 'set on_schema_change to append_new_columns or sync_all_columns, or rebuild the table with --full-refresh'));
  }
  if (mode === 'ignore') {
    if (diff.removed.length > 0) {
      throw new SchemaChangeError(`${node.unique_id}: ${name} has columns the model no longer returns: ${describeColumns(diff.removed)} (on_schema_change: ignore)`, nodeErrorOptions(node, 'set on_schema_change to append_new_columns or sync_all_columns, or rebuild the table with --full-refresh'));
    }
    if (diff.added.length) notes.push(`ignored new columns ${diff.added.map((c) => c.name).join(', ')} (on_schema_change: ignore)`);
    return { statements, destColumns: table.map((c) => c.name), notes };
  }
  for (const column of diff.added) {
    statements.push(statement(`alter table ${renderRelation(target)} add column ${quoteIdent(column.name)} ${column.data_type}`, `add column ${column.name}`));
  }
  if (diff.added.length) notes.push(`added columns ${diff.added.map((c) => c.name).join(', ')} to ${target.identifier}`);
  if (mode === 'sync_all_columns') {
    for (const column of diff.removed) {
      statements.push(statement(`alter table ${renderRelation(target)} drop column ${quoteIdent(column.name)}`, `drop column ${column.name}`));
    }
    statements.push(...diff.typeChanged.map((change) => alterType(target, change, 'change the type of')));
    if (diff.removed.length) notes.push(`dropped columns ${diff.removed.map((c) => c.name).join(', ')} from ${target.identifier}`);
    if (diff.typeChanged.length) notes.push(`changed the type of ${diff.typeChanged.map((c) => c.name).join(', ')} in ${target.identifier}`);
  }
  const queryNames = new Set(query.map((c) => c.name));
  const kept = table.filter((c) => queryNames.has(c.name)).map((c) => c.name);
  return { statements, destColumns: [...kept, ...diff.added.map((c) => c.name)], notes };
}
