/**
 * Parent and child lists of the project's graph as plain arrays. Traversals over 10,000 nodes then
 * allocate nothing per step (graphology builds a new array per neighbour query), and selection and
 * the cycle check need no graphology graph at all: building one for 36,000 nodes took 0.3 s of a
 * compile that never executes anything.
 */
import type { Manifest } from '../parse/manifest.js';
import type { ProjectGraph } from './dag.js';

export interface Adjacency {
  readonly parents: ReadonlyMap<string, readonly string[]>;
  readonly children: ReadonlyMap<string, readonly string[]>;
}

const EMPTY: readonly string[] = [];
const byGraph = new WeakMap<ProjectGraph, Adjacency>();
const byManifest = new WeakMap<Manifest, Adjacency>();

/**
 * The edges of a manifest's graph: every source and node, an edge from each dependency to its
 * dependant and from a generic test's attached node to the test (it runs after what it tests even
 * when its SQL does not ref it). Dependencies on ids missing from the manifest are left out:
 * unresolved refs are reported by parse/, which knows the file and line of the call. Lists are in
 * the order graphology would give (children by insertion, parents in node order). Cached per manifest.
 */
export function projectAdjacency(manifest: Manifest): Adjacency {
  const cached = byManifest.get(manifest);
  if (cached) return cached;
  const children = new Map<string, string[]>();
  for (const id in manifest.sources) children.set(id, []);
  for (const id in manifest.nodes) children.set(id, []);
  const link = (parent: string, child: string): void => {
    const list = children.get(parent);
    if (list && !list.includes(child)) list.push(child);
  };
  for (const id in manifest.nodes) {
    const node = manifest.nodes[id]!;
    for (const parent of node.depends_on.nodes) link(parent, id);
    if (node.resource_type === 'test' && node.attached_node) link(node.attached_node, id);
  }
  const parents = new Map<string, string[]>();
  for (const id of children.keys()) parents.set(id, []);
  for (const [parent, list] of children) for (const child of list) parents.get(child)!.push(parent);
  const adjacency = { parents, children };
  byManifest.set(manifest, adjacency);
  return adjacency;
}

/** Makes `adjacencyOf(graph)` answer with lists already known (a graph built from them). */
export function rememberAdjacency(graph: ProjectGraph, adjacency: Adjacency): void {
  byGraph.set(graph, adjacency);
}

/** The adjacency lists of a graph (cached per graph object; graphs are not changed after they are built). */
export function adjacencyOf(graph: ProjectGraph): Adjacency {
  const cached = byGraph.get(graph);
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
  byGraph.set(graph, adjacency);
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
