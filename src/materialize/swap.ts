/**
 * Replacing a relation by a freshly built one, inside the build's transaction: rename the old one to a
 * backup, rename the new one into place, move dependent views over, drop the backup. Readers never see
 * the target missing, and a failure anywhere rolls back to the previous relation untouched.
 */
import {
  dropDependentViewStatements,
  recreateDependentViewStatements,
  type ViewToRecreate,
} from './dependent-views.js';
import type { ExistingRelation, PlannedStatement, RelationKind, RelationName } from './plan.js';
import { quoteIdent, renderRelation } from './sql-names.js';
import { relationKeyword, statement } from './statement.js';

export interface Swap {
  readonly existing: ExistingRelation;
  /** The new relation, fully built under its intermediate name. */
  readonly built: RelationName;
  readonly builtKind: RelationKind;
  readonly backup: RelationName;
  readonly dependents: readonly ViewToRecreate[];
}

/** The statements of a swap, in order. */
export function swapStatements(swap: Swap): PlannedStatement[] {
  const target = swap.existing.name;
  const oldKeyword = relationKeyword(swap.existing.kind);
  return [
    statement(
      `alter ${oldKeyword} ${renderRelation(target)} rename to ${quoteIdent(swap.backup.identifier)}`,
      `move the previous ${target.identifier} aside`,
    ),
    statement(
      `alter ${relationKeyword(swap.builtKind)} ${renderRelation(swap.built)} rename to ${quoteIdent(target.identifier)}`,
      `put the new ${target.identifier} in place`,
    ),
    ...dropDependentViewStatements(swap.dependents),
    // No cascade: anything else still depending on the old relation (a foreign key, a rule) fails the swap loudly.
    statement(`drop ${oldKeyword} ${renderRelation(swap.backup)}`, `drop the previous ${target.identifier}`),
    ...recreateDependentViewStatements(swap.dependents),
  ];
}
