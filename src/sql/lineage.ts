import type { Node } from 'libpg-query';
import { sortedSources, type ColumnSource, type LineageSet } from './lineage-set.js';
import { loadSqlParser, type SqlParser } from './parser.js';
import { QueryLineageAnalyzer, type CteResolver, type MissingColumnReference } from './query-lineage.js';
import type { UpstreamResolver } from './relation-shape.js';

export type { ColumnSource } from './lineage-set.js';
export type { MissingColumnReference, CteResolver } from './query-lineage.js';
export type { UpstreamRelation, UpstreamResolver } from './relation-shape.js';

/**
 * Where one output column comes from. `derives_from` are the upstream columns its value is
 * computed from (every column an expression reads, including CASE conditions, and an aggregate's
 * or window function's arguments). `influenced_by` are columns that only pick or order the rows
 * it is computed over: window PARTITION BY and ORDER BY, an aggregate's ORDER BY and FILTER,
 * EXISTS subqueries, the right side of EXCEPT. WHERE, JOIN ... ON, GROUP BY and HAVING are not
 * attributed to single columns.
 */
export interface OutputColumnLineage {
  readonly column: string;
  readonly derives_from: readonly ColumnSource[];
  readonly influenced_by: readonly ColumnSource[];
  /** Why part of its lineage could not be traced; absent when fully traced. */
  readonly unresolved?: readonly string[];
}

/** The column lineage of one model's SQL. */
export interface ModelLineage {
  /**
   * Output columns in order. When a `*` reads a relation whose columns are not all known, the
   * known ones are listed and a final `*` entry says what is missing.
   */
  readonly columns: readonly OutputColumnLineage[];
  /** Every output column is known. */
  readonly complete: boolean;
  /** References to columns that relations whose columns are all known do not have. */
  readonly missingColumns: readonly MissingColumnReference[];
}

export interface ColumnLineageOptions {
  /** Maps inlined CTE names (`__dbt__cte__<model>`) to the ephemeral models they stand for. */
  readonly resolveCte?: CteResolver;
}

/** The output column that stands for columns a `*` could not list. */
export const UNKNOWN_COLUMNS = '*';

/** Column lineage of one model: for each output column, the upstream columns it derives from. */
export async function columnLineage(sql: string, upstream: UpstreamResolver, options: ColumnLineageOptions = {}): Promise<ModelLineage> {
  return columnLineageWith(await loadSqlParser(), sql, upstream, options);
}

/** columnLineage with a parser already loaded (for loops over many models). Throws the parser's error on invalid SQL. */
export function columnLineageWith(parser: SqlParser, sql: string, upstream: UpstreamResolver, options: ColumnLineageOptions = {}): ModelLineage {
  const statement = lastStatement(sql.trim() === '' ? [] : parser.parse(sql).stmts?.map((s) => s.stmt));
  if (!statement || !('SelectStmt' in statement)) {
    const kind = statement ? Object.keys(statement)[0] : 'no statement';
    return { columns: [unknownColumns([`the SQL is ${kind}, not a SELECT`])], complete: false, missingColumns: [] };
  }
  const analyzer = new QueryLineageAnalyzer(upstream, options.resolveCte);
  const shape = analyzer.select(statement.SelectStmt, new Map(), undefined);
  const columns = shape.columns.map((c) => outputColumn(c.name, c.lineage));
  if (!shape.complete) columns.push(unknownColumns([shape.incompleteReason ?? 'the output columns are not all known']));
  return { columns, complete: shape.complete, missingColumns: analyzer.missingColumns() };
}

/** A model's SQL is one statement; a trailing `;` or a leading `set` may add others, so take the last. */
function lastStatement(statements: readonly (Node | undefined)[] | undefined): Node | undefined {
  return statements?.[statements.length - 1];
}

function outputColumn(column: string, lineage: LineageSet): OutputColumnLineage {
  const unresolved = [...lineage.unresolved];
  return {
    column,
    derives_from: sortedSources(lineage.derives.values()),
    influenced_by: sortedSources(lineage.influences.values()),
    ...(unresolved.length > 0 ? { unresolved } : {}),
  };
}

function unknownColumns(reasons: string[]): OutputColumnLineage {
  return { column: UNKNOWN_COLUMNS, derives_from: [], influenced_by: [], unresolved: reasons };
}
