/** What every incremental strategy is given: the table, the temp table holding the new rows, and the columns. */
import type { RelationName } from '../plan.js';
import { quoteIdent } from '../sql-names.js';

export interface StrategyArgs {
  readonly target: RelationName;
  /** The temp table with this run's rows, already rendered (`"pg_temp"."…"`). */
  readonly source: string;
  /** Columns written, as database names. */
  readonly destColumns: readonly string[];
  /** unique_key resolved to column names (empty when not set). */
  readonly uniqueKey: readonly string[];
  /** incremental_predicates, as written. */
  readonly predicates: readonly string[];
  /** Columns a matched row has updated (merge). */
  readonly updateColumns: readonly string[];
}

/** Aliases dbt gives the two sides, so incremental_predicates written for dbt keep working. */
export const destAlias = 'DBT_INTERNAL_DEST';
export const sourceAlias = 'DBT_INTERNAL_SOURCE';

/** `"a", "b"` */
export function columnList(columns: readonly string[]): string {
  return columns.map(quoteIdent).join(', ');
}

/** `DBT_INTERNAL_SOURCE."a", …` */
export function qualifiedList(alias: string, columns: readonly string[]): string {
  return columns.map((c) => `${alias}.${quoteIdent(c)}`).join(', ');
}

/** ` and (p1) and (p2)` for predicates, or nothing. */
export function predicateSuffix(predicates: readonly string[]): string {
  return predicates.map((p) => `\n  and (${p})`).join('');
}
