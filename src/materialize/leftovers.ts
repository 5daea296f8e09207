/** Dropping what a crashed earlier run left behind: intermediate and backup relations of the same target. */
import type { DatabaseState, PlannedStatement, RelationName } from './plan.js';
import { leftoverTest } from './intermediate-names.js';
import { renderRelation } from './sql-names.js';
import { relationKeyword, statement } from './statement.js';

export interface LeftoverCleanup {
  readonly statements: readonly PlannedStatement[];
  readonly dropped: readonly RelationName[];
}

/**
 * Drops of `<alias>__strata_tmp_*` / `<alias>__strata_backup_*` relations of other runs. Without cascade:
 * should anything depend on a leftover, the drop fails loudly instead of taking the dependent with it.
 * Needs DatabaseState.listRelations; without it there is nothing to look at and nothing is dropped.
 */
export async function leftoverCleanup(target: RelationName, runId: string, db: DatabaseState): Promise<LeftoverCleanup> {
  // Every node looks: with the test handed down, the catalog returns only matches instead of a copy
  // of each relation of the schema per node.
  const isLeftover = leftoverTest(target, runId);
  const relations = (await db.listRelations?.(target.schema, isLeftover)) ?? [];
  const leftovers = relations
    .filter((relation) => isLeftover(relation.name.identifier))
    .sort((a, b) => a.name.identifier.localeCompare(b.name.identifier));
  return {
    statements: leftovers.map((relation) =>
      statement(
        `drop ${relationKeyword(relation.kind)} if exists ${renderRelation(relation.name)}`,
        `drop ${relation.name.identifier}, left by an earlier run that did not finish`,
      ),
    ),
    dropped: leftovers.map((relation) => relation.name),
  };
}
