import { CompileError } from '../errors/strata-error.js';
import type { GraphNode, Manifest } from '../parse/manifest.js';

/**
 * PGlite (0.5, PostgreSQL 18 in WASM) returns zero rows, without an error, from a select through views
 * nested deeper than about 180 levels, and then hangs. A wrong empty result is worse than no result,
 * so chains of views deeper than this are refused before anything runs. The margin is deliberate.
 */
export const PGLITE_MAX_VIEW_DEPTH = 150;

function isView(node: GraphNode | undefined): node is GraphNode {
  return node?.resource_type === 'model' && node.config.materialized === 'view';
}

/** The longest chain of project views ending at each view model, as a list of unique_ids (root first). */
export function longestViewChains(manifest: Manifest): Map<string, readonly string[]> {
  const chains = new Map<string, readonly string[]>();
  const visiting = new Set<string>();
  const chainOf = (id: string): readonly string[] => {
    const known = chains.get(id);
    if (known) return known;
    if (visiting.has(id)) return [id]; // cycles are reported by the graph stage
    visiting.add(id);
    let longest: readonly string[] = [];
    for (const parent of manifest.parent_map[id] ?? []) {
      if (!isView(manifest.nodes[parent])) continue;
      const chain = chainOf(parent);
      if (chain.length > longest.length) longest = chain;
    }
    visiting.delete(id);
    const chain = [...longest, id];
    chains.set(id, chain);
    return chain;
  };
  for (const node of Object.values(manifest.nodes)) if (isView(node)) chainOf(node.unique_id);
  return chains;
}

/** Refuses (exit 2) a project whose views nest deeper than PGlite answers correctly. */
export function assertViewChainsFitPglite(manifest: Manifest, limit = PGLITE_MAX_VIEW_DEPTH): void {
  let deepest: readonly string[] = [];
  for (const chain of longestViewChains(manifest).values()) if (chain.length > deepest.length) deepest = chain;
  if (deepest.length <= limit) return;
  const names = deepest.map((id) => manifest.nodes[id]!.name);
  const shown = names.length > 8 ? [...names.slice(0, 4), `… ${names.length - 8} more …`, ...names.slice(-4)] : names;
  const last = manifest.nodes[deepest[deepest.length - 1]!]!;
  throw new CompileError(`a chain of ${deepest.length} views nested in each other is deeper than the embedded database answers correctly (${limit}): ${shown.join(' → ')}`, {
    location: { file: last.original_file_path },
    nodeId: last.unique_id,
    hint: 'Materialize some models of the chain as tables (materialized: table), or build into a PostgreSQL server target.',
  });
}
