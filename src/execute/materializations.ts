import { CompileError } from '../errors/strata-error.js';
import type { MaterializeInput } from '../materialize/input.js';
import { materializeIncremental } from '../materialize/incremental.js';
import { materializeMaterializedView } from '../materialize/materialized-view.js';
import type { DatabaseState, Plan } from '../materialize/plan.js';
import { materializeSeed } from '../materialize/seed.js';
import { materializeSnapshot } from '../materialize/snapshot.js';
import { materializeTable } from '../materialize/table.js';
import { materializeView } from '../materialize/view.js';
import type { GraphNode } from '../parse/manifest.js';

type Materialization = (input: MaterializeInput, db: DatabaseState) => Promise<Plan>;

/** The built-in materializations by config name. */
const MATERIALIZATIONS: Readonly<Record<string, Materialization>> = {
  view: materializeView,
  table: materializeTable,
  incremental: materializeIncremental,
  materialized_view: materializeMaterializedView,
  seed: (input, db) => materializeSeed(input, db),
  snapshot: materializeSnapshot,
};

/** The plan that builds `node`, by its `materialized` config. */
export function planFor(node: GraphNode, input: MaterializeInput, db: DatabaseState): Promise<Plan> {
  const name = node.resource_type === 'seed' ? 'seed' : node.resource_type === 'snapshot' ? 'snapshot' : String(node.config.materialized);
  const materialize = MATERIALIZATIONS[name];
  if (!materialize)
    throw new CompileError(`unknown materialization "${name}"`, {
      location: { file: node.original_file_path },
      nodeId: node.unique_id,
      hint: `strata builds ${Object.keys(MATERIALIZATIONS).filter((k) => k !== 'seed' && k !== 'snapshot').join(', ')} and ephemeral models.`,
    });
  return materialize(input, db);
}
