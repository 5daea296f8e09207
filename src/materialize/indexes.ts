/**
 * The `indexes` config: `[{columns: [...], unique: true, type: 'btree'}]`, created after the build on the
 * relation being built (so they exist before readers see it), as dbt-postgres does.
 */
import { createHash } from 'node:crypto';
import type { GraphNode } from '../parse/manifest.js';
import { MaterializationConfigError, nodeErrorOptions } from './materialize-errors.js';
import type { IndexState, PlannedStatement, RelationName } from './plan.js';
import { quoteIdent, renderRelation, userIdentifier } from './sql-names.js';
import { statement } from './statement.js';

export interface IndexConfig {
  /** Column names as PostgreSQL reads them (case folded unless quoted), or `(expression)` text. */
  readonly columns: readonly string[];
  readonly unique: boolean;
  /** Access method, lowercase; undefined means PostgreSQL's default (btree). */
  readonly type?: string;
}

const indexHint = "write indexes as a list of {columns: [name, ...], unique: true|false, type: btree|hash|gist|spgist|gin|brin}";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The node's `indexes` config, validated. Throws MaterializationConfigError naming the bad entry. */
export function readIndexConfigs(node: GraphNode): IndexConfig[] {
  const raw = node.config.indexes;
  if (raw === undefined || raw === null) return [];
  const fail = (message: string): never => {
    throw new MaterializationConfigError(`${node.unique_id}: ${message}`, nodeErrorOptions(node, indexHint));
  };
  if (!Array.isArray(raw)) return fail(`indexes must be a list, got ${JSON.stringify(raw)}`);
  return raw.map((entry: unknown, position) => {
    const where = `indexes[${position}]`;
    if (!isRecord(entry)) return fail(`${where} must be a mapping, got ${JSON.stringify(entry)}`);
    const unknownKeys = Object.keys(entry).filter((key) => !['columns', 'unique', 'type'].includes(key));
    if (unknownKeys.length > 0) fail(`${where} has unknown key${unknownKeys.length === 1 ? '' : 's'} ${unknownKeys.join(', ')}`);
    const columnsRaw = typeof entry.columns === 'string' ? [entry.columns] : entry.columns;
    if (!Array.isArray(columnsRaw) || columnsRaw.length === 0 || !columnsRaw.every((c) => typeof c === 'string' && c.trim() !== '')) {
      return fail(`${where}.columns must be a non-empty list of column names`);
    }
    const columns = columnsRaw.map((column: string) => {
      const name = userIdentifier(column);
      // Not a name: dbt passes it through, so an expression such as lower(email) keeps working.
      return name !== undefined ? quoteIdent(name) : `(${column.trim()})`;
    });
    if (entry.unique !== undefined && typeof entry.unique !== 'boolean') fail(`${where}.unique must be true or false`);
    let type: string | undefined;
    if (entry.type !== undefined && entry.type !== null) {
      if (typeof entry.type !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(entry.type)) {
        return fail(`${where}.type must be an index access method name, got ${JSON.stringify(entry.type)}`);
      }
      type = entry.type.toLowerCase();
    }
    return { columns, unique: entry.unique === true, type };
  });
}

/**
 * An index name unique to the relation, the index and the run: the previous relation keeps its indexes
 * until the swap, and `if not exists` would otherwise silently skip creating the new one.
 */
export function indexName(target: RelationName, index: IndexConfig, runId: string): string {
  return createHash('md5')
    .update(JSON.stringify([target.schema, target.identifier, index.columns, index.unique, index.type ?? '', runId]))
    .digest('hex');
}

/** `create [unique] index if not exists … on <relation> [using type] (columns)` for each configured index. */
export function createIndexStatements(
  on: RelationName,
  target: RelationName,
  indexes: readonly IndexConfig[],
  runId: string,
): PlannedStatement[] {
  return indexes.map((index) =>
    statement(
      `create ${index.unique ? 'unique ' : ''}index if not exists ${quoteIdent(indexName(target, index, runId))} on ${renderRelation(on)}` +
        `${index.type ? ` using ${index.type}` : ''} (${index.columns.join(', ')})`,
      `create ${index.unique ? 'unique ' : ''}index on ${index.columns.join(', ')}`,
    ),
  );
}

/** The configured columns as the catalog would list them, for comparing with IndexState. */
function catalogColumns(index: IndexConfig): string[] {
  return index.columns.map((column) => (column.startsWith('"') ? column.slice(1, -1).replaceAll('""', '"') : column));
}

function sameIndex(config: IndexConfig, existing: IndexState): boolean {
  const columns = catalogColumns(config);
  return (
    config.unique === existing.unique &&
    (config.type ?? 'btree') === existing.method &&
    columns.length === existing.columns.length &&
    columns.every((column, i) => column === existing.columns[i])
  );
}

export interface IndexChanges {
  readonly toCreate: readonly IndexConfig[];
  readonly toDrop: readonly IndexState[];
}

/** What differs between configured and existing indexes (names ignored: ours carry a run's hash). */
export function indexChanges(configured: readonly IndexConfig[], existing: readonly IndexState[]): IndexChanges {
  return {
    toCreate: configured.filter((config) => !existing.some((index) => sameIndex(config, index))),
    toDrop: existing.filter((index) => !configured.some((config) => sameIndex(config, index))),
  };
}
