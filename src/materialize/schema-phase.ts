/** The first phase of every relation build: the node's schema, created when missing. */
import type { DatabaseState, PlanPhase, RelationName } from './plan.js';
import { quoteIdent } from './sql-names.js';
import { statement } from './statement.js';

/** `create schema if not exists`, alone and outside a transaction so a failed build never undoes it. */
export function createSchemaPhase(target: RelationName): PlanPhase {
  return {
    transactional: false,
    statements: [statement(`create schema if not exists ${quoteIdent(target.schema)}`, 'create the schema if missing')],
  };
}

/** Whether the schema is known to exist; false when DatabaseState cannot tell (then creating it is planned). */
export async function schemaKnownToExist(db: DatabaseState, target: RelationName): Promise<boolean> {
  return (await db.schemaExists?.(target.schema)) ?? false;
}
