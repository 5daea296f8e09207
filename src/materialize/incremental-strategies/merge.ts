/**
 * `merge`: update the rows whose unique_key matches, insert the others. PostgreSQL 15+ runs MERGE; older
 * servers run INSERT … ON CONFLICT, which needs a unique index on exactly the unique_key columns.
 */
import type { PlannedStatement } from '../plan.js';
import { quoteIdent, renderRelation } from '../sql-names.js';
import { statement } from '../statement.js';
import { columnList, destAlias, predicateSuffix, qualifiedList, sourceAlias, type StrategyArgs } from './strategy-args.js';

/** The first server_version_num with MERGE. */
export const mergeMinimumVersion = 150000;

/** `merge into … using … on keys when matched then update … when not matched then insert …` (dbt's get_merge_sql). */
export function mergeStatements(args: StrategyArgs): PlannedStatement[] {
  const keyMatch = args.uniqueKey.map((k) => `${sourceAlias}.${quoteIdent(k)} = ${destAlias}.${quoteIdent(k)}`);
  const conditions = keyMatch.length > 0 ? keyMatch : ['false'];
  const on = [...conditions, ...args.predicates].map((c) => `(${c})`).join(' and ');
  const matched =
    args.uniqueKey.length > 0 && args.updateColumns.length > 0
      ? `\nwhen matched then update set\n  ${args.updateColumns.map((c) => `${quoteIdent(c)} = ${sourceAlias}.${quoteIdent(c)}`).join(',\n  ')}`
      : '';
  const sql =
    `merge into ${renderRelation(args.target)} as ${destAlias}\nusing ${args.source} as ${sourceAlias}\non ${on}${matched}\n` +
    `when not matched then insert (${columnList(args.destColumns)})\nvalues (${qualifiedList(sourceAlias, args.destColumns)})`;
  return [statement(sql, 'merge the new rows', true)];
}

/** `insert … on conflict (keys) do update set …`: merge for servers before PostgreSQL 15. */
export function onConflictStatements(args: StrategyArgs): PlannedStatement[] {
  const cols = columnList(args.destColumns);
  const head = `insert into ${renderRelation(args.target)} as ${destAlias} (${cols})\nselect ${cols}\nfrom ${args.source} as ${sourceAlias}`;
  if (args.uniqueKey.length === 0) return [statement(head, 'insert the new rows', true)];
  const action =
    args.updateColumns.length > 0
      ? `do update set\n  ${args.updateColumns.map((c) => `${quoteIdent(c)} = excluded.${quoteIdent(c)}`).join(',\n  ')}${args.predicates.length ? `\nwhere true${predicateSuffix(args.predicates)}` : ''}`
      : 'do nothing';
  return [statement(`${head}\non conflict (${columnList(args.uniqueKey)}) ${action}`, 'upsert the new rows (insert … on conflict)', true)];
}
