import type { PreviousManifest } from '../graph/index.js';
import type { Manifest } from '../parse/manifest.js';

export interface DeferredRelation {
  readonly database: string;
  readonly schema: string;
  readonly alias: string;
}

export interface DeferralOptions {
  /** `--favor-state`: use the state's relation even when this target has its own. */
  readonly favorState?: boolean;
  /** Whether this target already has the node's relation; absent (no database, e.g. compile) means "no". */
  readonly relationExists?: (relation: DeferredRelation) => Promise<boolean>;
}

/**
 * `--defer`: for each model, seed or snapshot that is not selected, the relation of the state's
 * manifest (production) when this target does not have it (or always, with --favor-state). A `ref`
 * to such a node then reads production, so CI builds only what changed, as dbt documents it.
 */
export async function deferredRelations(
  manifest: Manifest,
  selected: ReadonlySet<string>,
  state: PreviousManifest,
  options: DeferralOptions = {},
): Promise<Map<string, DeferredRelation>> {
  const deferred = new Map<string, DeferredRelation>();
  for (const node of Object.values(manifest.nodes)) {
    if (selected.has(node.unique_id) || !['model', 'seed', 'snapshot'].includes(node.resource_type)) continue;
    if (node.resource_type === 'model' && node.config.materialized === 'ephemeral') continue;
    const previous = state.nodes[node.unique_id];
    if (!previous?.schema || !(previous.alias ?? previous.identifier)) continue;
    if (!options.favorState && options.relationExists) {
      const own = { database: node.database, schema: node.schema, alias: node.alias };
      if (await options.relationExists(own)) continue;
    }
    deferred.set(node.unique_id, {
      database: previous.database ?? node.database,
      schema: previous.schema,
      alias: (previous.alias ?? previous.identifier)!,
    });
  }
  return deferred;
}
