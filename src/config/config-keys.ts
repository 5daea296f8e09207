/**
 * The node configuration keys strata knows, with the type each must have and how values from
 * several places combine (dbt's merge behaviours). Unknown keys pass through unchecked, as in dbt.
 */
import { z } from 'zod';
import { hookConfigKey, hooksSchema } from './hooks.js';
import { anyMapping, stringOrStrings, yamlBoolean, yamlInt } from './yaml-scalars.js';

const nullableString = z.union([z.string(), z.null()], { error: 'a string' });
const nullableBoolean = z.union([yamlBoolean, z.null()], { error: 'true, false or null' });

const indexSchema = z.looseObject({
  columns: z.array(z.string()),
  unique: yamlBoolean.optional(),
  type: z.string().optional(),
});

/** The schema of each known config key (canonical spelling, without `+`). */
export const CONFIG_KEY_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  enabled: yamlBoolean,
  materialized: z.string(),
  schema: nullableString,
  database: nullableString,
  alias: nullableString,
  tags: stringOrStrings,
  meta: anyMapping,
  group: nullableString,
  access: z.enum(['private', 'protected', 'public']),
  docs: z.looseObject({ show: yamlBoolean.optional(), node_color: z.string().nullable().optional() }),
  pre_hook: hooksSchema,
  post_hook: hooksSchema,
  persist_docs: z.looseObject({ relation: yamlBoolean.optional(), columns: yamlBoolean.optional() }),
  contract: z.looseObject({ enforced: yamlBoolean.optional(), alias_types: yamlBoolean.optional() }),
  quoting: z.record(z.string(), z.union([yamlBoolean, z.null()])),
  column_types: z.record(z.string(), z.string()),
  grants: z.record(z.string(), stringOrStrings),
  packages: stringOrStrings,
  // incremental models
  unique_key: z.union([z.string(), z.array(z.string()), z.null()], { error: 'a column name or a list of column names' }),
  incremental_strategy: nullableString,
  on_schema_change: z.union([z.enum(['ignore', 'fail', 'append_new_columns', 'sync_all_columns']), z.null()], {
    error: 'one of "ignore", "fail", "append_new_columns", "sync_all_columns"',
  }),
  on_configuration_change: z.enum(['apply', 'continue', 'fail']),
  full_refresh: nullableBoolean,
  indexes: z.array(indexSchema, { error: 'a list of {columns: [...], unique: true|false, type: ...}' }),
  sql_header: nullableString,
  event_time: nullableString,
  batch_size: z.union([z.enum(['hour', 'day', 'month', 'year']), z.null()], { error: 'one of "hour", "day", "month", "year"' }),
  lookback: yamlInt,
  concurrent_batches: nullableBoolean,
  // seeds
  quote_columns: nullableBoolean,
  delimiter: z.string(),
  // snapshots
  strategy: z.string(),
  updated_at: nullableString,
  check_cols: z.union([z.literal('all'), z.array(z.string())], { error: '"all" or a list of column names' }),
  target_schema: nullableString,
  target_database: nullableString,
  invalidate_hard_deletes: yamlBoolean,
  hard_deletes: z.enum(['ignore', 'invalidate', 'new_record']),
  snapshot_meta_column_names: z.record(z.string(), z.string()),
  dbt_valid_to_current: nullableString,
  // data tests
  severity: z.string({ error: '"warn" or "error"' }).regex(/^(warn|error)$/i, { error: '"warn" or "error"' }),
  store_failures: nullableBoolean,
  store_failures_as: z.enum(['table', 'view', 'ephemeral']),
  where: nullableString,
  limit: z.union([yamlInt, z.null()], { error: 'a whole number' }),
  fail_calc: z.string(),
  warn_if: z.string(),
  error_if: z.string(),
  // sources
  loaded_at_field: nullableString,
  freshness: z.union([anyMapping, z.null()], { error: 'a mapping {warn_after: ..., error_after: ...} or null' }),
};

export type MergeBehavior = 'append' | 'update' | 'dictKeyAppend' | 'clobber';

const MERGE_BEHAVIORS: Readonly<Record<string, MergeBehavior>> = {
  tags: 'append',
  pre_hook: 'append',
  post_hook: 'append',
  packages: 'append',
  meta: 'update',
  quoting: 'update',
  column_types: 'update',
  docs: 'update',
  contract: 'update',
  grants: 'dictKeyAppend',
};

/** How a key's values from a less and a more specific place combine (dbt: clobber unless listed). */
export function mergeBehaviorOf(key: string): MergeBehavior {
  return MERGE_BEHAVIORS[key] ?? 'clobber';
}

/** The canonical spelling of a config key: without `+`, hooks as `pre_hook`/`post_hook`. */
export function canonicalConfigKey(key: string): string {
  return hookConfigKey(key) ?? key.replace(/^\+\s*/, '');
}

/** Keys whose values are mappings; written without `+` in a project file they read as folder names. */
export const MAPPING_CONFIG_KEYS: ReadonlySet<string> = new Set(
  ['meta', 'docs', 'persist_docs', 'contract', 'quoting', 'column_types', 'grants', 'snapshot_meta_column_names', 'freshness'],
);

/** One bad value of a config mapping: the key as written and the zod issues about it. */
export interface ConfigValueProblem {
  readonly key: string;
  readonly issues: readonly z.core.$ZodIssue[];
}

/** Checks each known key of a config mapping against its schema; unknown keys are not checked. */
export function checkConfigValues(config: Readonly<Record<string, unknown>>): ConfigValueProblem[] {
  const problems: ConfigValueProblem[] = [];
  for (const [key, value] of Object.entries(config)) {
    const schema = CONFIG_KEY_SCHEMAS[canonicalConfigKey(key)];
    if (!schema) continue;
    const result = schema.safeParse(value, { reportInput: true });
    if (!result.success) problems.push({ key, issues: result.error.issues });
  }
  return problems;
}
