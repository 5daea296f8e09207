/**
 * Parent and child lists of a graph as plain arrays, built once per graph: traversals over
 * 10,000 nodes then allocate nothing per step (graphology builds a new array per neighbour query).
 * Graphs are not changed after they are built (test gate edges go on a copy), so caching is safe.
 */
import type { ProjectGraph } from './dag.js';

export interface Adjacency {
  readonly parents: ReadonlyMap<string, readonly string[]>;
  readonly children: ReadonlyMap<string, readonly string[]>;
}

const EMPTY: readonly string[] = [];
const cache = new WeakMap<ProjectGraph, Adjacency>();

/** The adjacency lists of a graph (cached per graph object). */
export function adjacencyOf(graph: ProjectGraph): Adjacency {
  const cached = cache.get(graph);
  if (cached) return cached;
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  graph.forEachNode((node) => {
    parents.set(node, []);
    children.set(node, []);
  });
  graph.forEachEdge((_edge, _attributes, source, target) => {
    children.get(source)!.push(target);
    parents.get(target)!.push(source);
  });
  const adjacency = { parents, children };
  cache.set(graph, adjacency);
  return adjacency;
}

/** The parents of a node ([] for unknown ids). */
export function parentsOf(adjacency: Adjacency, id: string): readonly string[] {
  return adjacency.parents.get(id) ?? EMPTY;
}

/** The children of a node ([] for unknown ids). */
export function childrenOf(adjacency: Adjacency, id: string): readonly string[] {
  return adjacency.children.get(id) ?? EMPTY;
}
