/** Breadth-first walks up and down the DAG, with an optional depth limit (dbt's `2+x`, `x+3`). */
import { childrenOf, parentsOf, type Adjacency } from './adjacency.js';

/** Ancestors of the start nodes (not the starts themselves unless reachable), up to `maxDepth` edges away. */
export function ancestorsOf(adjacency: Adjacency, starts: Iterable<string>, maxDepth?: number): Set<string> {
  return walk(adjacency.parents, starts, maxDepth, (node) => parentsOf(adjacency, node));
}

/** Descendants of the start nodes (not the starts themselves unless reachable), up to `maxDepth` edges away. */
export function descendantsOf(adjacency: Adjacency, starts: Iterable<string>, maxDepth?: number): Set<string> {
  return walk(adjacency.children, starts, maxDepth, (node) => childrenOf(adjacency, node));
}

/** dbt's `@x`: x, its descendants, and every ancestor of those. */
export function childrensParents(adjacency: Adjacency, starts: Iterable<string>): Set<string> {
  const down = descendantsOf(adjacency, starts);
  for (const start of starts) down.add(start);
  const up = ancestorsOf(adjacency, down);
  for (const node of down) up.add(node);
  return up;
}

function walk(
  known: ReadonlyMap<string, unknown>,
  starts: Iterable<string>,
  maxDepth: number | undefined,
  next: (node: string) => readonly string[],
): Set<string> {
  const found = new Set<string>();
  let frontier: string[] = [];
  for (const start of starts) if (known.has(start)) frontier.push(start);
  let depth = 0;
  while (frontier.length > 0 && (maxDepth === undefined || depth < maxDepth)) {
    const following: string[] = [];
    for (const node of frontier) {
      for (const neighbour of next(node)) {
        if (found.has(neighbour)) continue;
        found.add(neighbour);
        following.push(neighbour);
      }
    }
    frontier = following;
    depth += 1;
  }
  return found;
}
