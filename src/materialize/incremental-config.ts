/**
 * The configs of an incremental model, read and checked once, with dbt-postgres's defaults:
 * strategy `delete+insert` when a unique_key is set, else `append`; on_schema_change `ignore`.
 */
import type { GraphNode } from '../parse/manifest.js';
import { MaterializationConfigError, nodeErrorOptions } from './materialize-errors.js';

export const incrementalStrategies = ['append', 'delete+insert', 'merge', 'microbatch'] as const;
export type IncrementalStrategy = (typeof incrementalStrategies)[number];

export const onSchemaChangeModes = ['ignore', 'fail', 'append_new_columns', 'sync_all_columns'] as const;
export type OnSchemaChange = (typeof onSchemaChangeModes)[number];

export interface IncrementalConfig {
  readonly strategy: IncrementalStrategy;
  /** unique_key as written: one entry per key column. Empty when not set. */
  readonly uniqueKey: readonly string[];
  readonly onSchemaChange: OnSchemaChange;
  /** `incremental_predicates` (or the older `predicates`): SQL conditions on DBT_INTERNAL_DEST / DBT_INTERNAL_SOURCE. */
  readonly predicates: readonly string[];
  readonly mergeUpdateColumns?: readonly string[];
  readonly mergeExcludeColumns?: readonly string[];
  /** Configs dbt accepts but strata reads differently, told to the user. */
  readonly notes: readonly string[];
}

function stringList(node: GraphNode, key: string, value: unknown): readonly string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.trim() === '' ? [] : [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw new MaterializationConfigError(`${node.unique_id}: ${key} must be a string or a list of strings`, nodeErrorOptions(node, `write ${key}: 'column' or ${key}: ['a', 'b']`));
}

/** Reads and checks an incremental node's configs. */
export function readIncrementalConfig(node: GraphNode): IncrementalConfig {
  const config = node.config;
  const notes: string[] = [];
  const uniqueKey = stringList(node, 'unique_key', config.unique_key) ?? [];
  const written = config.incremental_strategy;
  let strategy: IncrementalStrategy;
  if (written === undefined || written === null || written === 'default') {
    strategy = uniqueKey.length > 0 ? 'delete+insert' : 'append';
  } else if (typeof written === 'string' && (incrementalStrategies as readonly string[]).includes(written)) {
    strategy = written as IncrementalStrategy;
  } else {
    throw new MaterializationConfigError(
      `${node.unique_id}: incremental_strategy ${JSON.stringify(written)} is not supported on PostgreSQL`,
      nodeErrorOptions(node, `use one of ${incrementalStrategies.join(', ')}`),
    );
  }
  const mode = config.on_schema_change ?? 'ignore';
  if (typeof mode !== 'string' || !(onSchemaChangeModes as readonly string[]).includes(mode)) {
    // dbt logs and falls back to ignore; strata refuses, as it does for the value in a property or project file.
    throw new MaterializationConfigError(
      `${node.unique_id}: on_schema_change ${JSON.stringify(mode)} is not supported`,
      nodeErrorOptions(node, `use one of ${onSchemaChangeModes.join(', ')}`),
    );
  }
  const onSchemaChange = mode as OnSchemaChange;
  const predicates = stringList(node, 'incremental_predicates', config.incremental_predicates) ?? stringList(node, 'predicates', config.predicates) ?? [];
  return {
    strategy,
    uniqueKey,
    onSchemaChange,
    predicates,
    mergeUpdateColumns: stringList(node, 'merge_update_columns', config.merge_update_columns),
    mergeExcludeColumns: stringList(node, 'merge_exclude_columns', config.merge_exclude_columns),
    notes,
  };
}
