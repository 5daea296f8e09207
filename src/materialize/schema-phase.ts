/** The first phase of every relation build: the node's schema, created when missing. */
import type { PlanPhase, RelationName } from './plan.js';
import { quoteIdent } from './sql-names.js';
import { statement } from './statement.js';

/** `create schema if not exists`, alone and outside a transaction so a failed build never undoes it. */
export function createSchemaPhase(target: RelationName): PlanPhase {
  return {
    transactional: false,
    statements: [statement(`create schema if not exists ${quoteIdent(target.schema)}`, 'create the schema if missing')],
  };
}
