/**
 * The configs of a snapshot, read and checked before anything is planned: unique_key, the strategy
 * (`timestamp` with updated_at, or `check` with check_cols), hard_deletes (or the older
 * invalidate_hard_deletes), dbt_valid_to_current and the names of the meta columns.
 */
import type { GraphNode } from '../parse/manifest.js';
import { MaterializationConfigError, nodeErrorOptions } from './materialize-errors.js';

export const hardDeleteModes = ['ignore', 'invalidate', 'new_record'] as const;
export type HardDeletes = (typeof hardDeleteModes)[number];

/** What the meta columns are called in the snapshot table (`snapshot_meta_column_names` renames them). */
export interface SnapshotMetaColumns {
  readonly dbt_scd_id: string;
  readonly dbt_updated_at: string;
  readonly dbt_valid_from: string;
  readonly dbt_valid_to: string;
  readonly dbt_is_deleted: string;
}

const defaultMetaColumns: SnapshotMetaColumns = {
  dbt_scd_id: 'dbt_scd_id',
  dbt_updated_at: 'dbt_updated_at',
  dbt_valid_from: 'dbt_valid_from',
  dbt_valid_to: 'dbt_valid_to',
  dbt_is_deleted: 'dbt_is_deleted',
};

export type SnapshotStrategy =
  | { readonly kind: 'timestamp'; readonly updatedAt: string }
  /** `updatedAt` undefined: versions are stamped with the snapshot's time. */
  | { readonly kind: 'check'; readonly checkCols: 'all' | readonly string[]; readonly updatedAt?: string };

export interface SnapshotConfig {
  /** unique_key as written: one entry per key column. */
  readonly uniqueKey: readonly string[];
  readonly strategy: SnapshotStrategy;
  readonly hardDeletes: HardDeletes;
  /** `dbt_valid_to_current`: the SQL expression current rows carry in dbt_valid_to instead of null. */
  readonly validToCurrent?: string;
  readonly meta: SnapshotMetaColumns;
}

function fail(node: GraphNode, message: string, hint: string): never {
  throw new MaterializationConfigError(`${node.unique_id}: ${message}`, nodeErrorOptions(node, hint));
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function readUniqueKey(node: GraphNode): readonly string[] {
  const value = node.config.unique_key;
  if (nonEmptyString(value)) return [value];
  if (Array.isArray(value) && value.length > 0 && value.every(nonEmptyString)) return value;
  return fail(
    node,
    value === undefined || value === null ? 'a snapshot needs a unique_key' : `unique_key must be a column name or a non-empty list of column names, got ${JSON.stringify(value)}`,
    "set unique_key: 'id' (or a list, unique_key: ['id', 'region'])",
  );
}

function readStrategy(node: GraphNode): SnapshotStrategy {
  const { strategy, updated_at: updatedAt, check_cols: checkCols } = node.config;
  if (updatedAt !== undefined && updatedAt !== null && !nonEmptyString(updatedAt)) {
    fail(node, `updated_at must be a column name, got ${JSON.stringify(updatedAt)}`, "set updated_at: 'updated_at'");
  }
  if (strategy === 'timestamp') {
    if (!nonEmptyString(updatedAt)) fail(node, 'the timestamp strategy needs updated_at', "set updated_at: '<the column holding when a row last changed>'");
    return { kind: 'timestamp', updatedAt };
  }
  if (strategy === 'check') {
    const valid = checkCols === 'all' || (Array.isArray(checkCols) && checkCols.length > 0 && checkCols.every(nonEmptyString));
    if (!valid) {
      fail(
        node,
        checkCols === undefined || checkCols === null ? 'the check strategy needs check_cols' : `check_cols must be 'all' or a non-empty list of column names, got ${JSON.stringify(checkCols)}`,
        "set check_cols: 'all' or check_cols: ['status', 'amount']",
      );
    }
    return { kind: 'check', checkCols: checkCols as 'all' | readonly string[], ...(nonEmptyString(updatedAt) ? { updatedAt } : {}) };
  }
  return fail(
    node,
    strategy === undefined || strategy === null ? 'a snapshot needs a strategy' : `snapshot strategy ${JSON.stringify(strategy)} is not supported`,
    "use strategy: 'timestamp' (with updated_at) or strategy: 'check' (with check_cols)",
  );
}

/** hard_deletes, or the older invalidate_hard_deletes: true (dbt refuses both at once). */
function readHardDeletes(node: GraphNode): HardDeletes {
  const { hard_deletes: mode, invalidate_hard_deletes: invalidate } = node.config;
  const modeSet = mode !== undefined && mode !== null;
  const invalidateSet = invalidate !== undefined && invalidate !== null;
  if (modeSet && invalidateSet) {
    fail(node, 'hard_deletes and invalidate_hard_deletes are both set', "keep only hard_deletes (invalidate_hard_deletes: true means hard_deletes: 'invalidate')");
  }
  if (invalidateSet) {
    if (typeof invalidate !== 'boolean') fail(node, `invalidate_hard_deletes must be true or false, got ${JSON.stringify(invalidate)}`, "write hard_deletes: 'invalidate' instead");
    return invalidate ? 'invalidate' : 'ignore';
  }
  if (!modeSet) return 'ignore';
  if (typeof mode === 'string' && (hardDeleteModes as readonly string[]).includes(mode)) return mode as HardDeletes;
  return fail(node, `hard_deletes must be ignore, invalidate or new_record, got ${JSON.stringify(mode)}`, "set hard_deletes: 'ignore', 'invalidate' or 'new_record'");
}

/** `snapshot_meta_column_names` (dbt's config) or `snapshot_table_column_names` (what dbt resolves it to) over the defaults. */
function readMetaColumns(node: GraphNode): SnapshotMetaColumns {
  const raw = node.config.snapshot_meta_column_names ?? node.config.snapshot_table_column_names;
  if (raw === undefined || raw === null) return defaultMetaColumns;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    fail(node, `snapshot_meta_column_names must be a mapping, got ${JSON.stringify(raw)}`, 'write snapshot_meta_column_names: {dbt_valid_from: valid_from, dbt_valid_to: valid_to}');
  }
  const names: Record<string, string> = { ...defaultMetaColumns };
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!(key in defaultMetaColumns)) {
      fail(node, `snapshot_meta_column_names has unknown key ${key}`, `the keys are ${Object.keys(defaultMetaColumns).join(', ')}`);
    }
    if (value === null || value === undefined) continue;
    if (!nonEmptyString(value)) fail(node, `snapshot_meta_column_names.${key} must be a column name, got ${JSON.stringify(value)}`, `write ${key}: <column name>`);
    names[key] = value;
  }
  const used = Object.values(names);
  const duplicate = used.find((name, i) => used.indexOf(name) !== i);
  if (duplicate !== undefined) fail(node, `snapshot_meta_column_names gives two meta columns the name ${duplicate}`, 'give every meta column its own name');
  return names as unknown as SnapshotMetaColumns;
}

function readValidToCurrent(node: GraphNode): string | undefined {
  const value = node.config.dbt_valid_to_current;
  if (value === undefined || value === null) return undefined;
  // An SQL expression by definition (`'9999-12-31'::timestamp`); one statement's worth, never several.
  if (!nonEmptyString(value) || value.includes(';')) {
    fail(node, `dbt_valid_to_current must be an SQL expression, got ${JSON.stringify(value)}`, "write dbt_valid_to_current: \"'9999-12-31'::timestamp\"");
  }
  return value;
}

/** Reads and checks a snapshot node's configs; throws MaterializationConfigError naming the file. */
export function readSnapshotConfig(node: GraphNode): SnapshotConfig {
  const uniqueKey = readUniqueKey(node);
  const strategy = readStrategy(node);
  const hardDeletes = readHardDeletes(node);
  const validToCurrent = readValidToCurrent(node);
  return { uniqueKey, strategy, hardDeletes, meta: readMetaColumns(node), ...(validToCurrent !== undefined ? { validToCurrent } : {}) };
}
