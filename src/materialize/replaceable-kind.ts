/** Which existing relations a build may replace: what strata could have built, never an unknown kind. */
import type { GraphNode } from '../parse/manifest.js';
import { MaterializationConfigError, nodeErrorOptions } from './materialize-errors.js';
import type { ExistingRelation } from './plan.js';

/** Throws when the relation at the target is of a kind no model builds (a foreign table, a sequence, …). */
export function assertReplaceableKind(node: GraphNode, existing: ExistingRelation): void {
  if (existing.kind === 'foreign_table' || existing.kind === 'other') {
    const what = existing.kind === 'foreign_table' ? 'a foreign table' : 'a relation strata does not build';
    throw new MaterializationConfigError(
      `${node.unique_id}: ${existing.name.schema}.${existing.name.identifier} already exists as ${what}; strata will not replace it`,
      nodeErrorOptions(node, 'drop or rename that relation yourself, or give the model another alias or schema'),
    );
  }
}
