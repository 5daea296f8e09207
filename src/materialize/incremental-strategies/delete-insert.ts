/** `delete+insert`: delete the table's rows whose unique_key is among the new rows, then insert the new rows. */
import type { PlannedStatement } from '../plan.js';
import { renderRelation } from '../sql-names.js';
import { statement } from '../statement.js';
import { appendStatements } from './append.js';
import { columnList, destAlias, predicateSuffix, sourceAlias, type StrategyArgs } from './strategy-args.js';

/** The delete (when a unique_key is set) and the insert, as dbt's delete+insert writes them. */
export function deleteInsertStatements(args: StrategyArgs): PlannedStatement[] {
  if (args.uniqueKey.length === 0) return appendStatements(args);
  const keys = columnList(args.uniqueKey);
  const del = statement(
    `delete from ${renderRelation(args.target)} as ${destAlias}\nwhere (${keys}) in (\n  select distinct ${keys}\n  from ${args.source} as ${sourceAlias}\n)${predicateSuffix(args.predicates)}`,
    'delete the rows being replaced',
  );
  return [del, ...appendStatements(args)];
}
