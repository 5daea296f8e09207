/** `append`: insert every new row. */
import type { PlannedStatement } from '../plan.js';
import { renderRelation } from '../sql-names.js';
import { statement } from '../statement.js';
import { columnList, type StrategyArgs } from './strategy-args.js';

/** `insert into target (cols) select cols from source`. */
export function appendStatements(args: StrategyArgs): PlannedStatement[] {
  const cols = columnList(args.destColumns);
  return [statement(`insert into ${renderRelation(args.target)} (${cols})\nselect ${cols}\nfrom ${args.source}`, 'insert the new rows', true)];
}
