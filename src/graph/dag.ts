/**
 * The project's dependency graph: one graphology node per manifest node and source,
 * edges from parent to child (a model to the models that ref it, a model to its tests), as
 * projectAdjacency() lists them.
 */
import { DirectedGraph } from 'graphology';
import type { AnyNode, Manifest } from '../parse/manifest.js';
import { projectAdjacency, rememberAdjacency } from './adjacency.js';
import { assertAcyclic } from './cycle.js';

/** Attributes kept on each graph node, so traversals need not look nodes up again. */
export interface DagNodeAttributes {
  readonly resourceType: AnyNode['resource_type'];
}

export type ProjectGraph = DirectedGraph<DagNodeAttributes>;

const graphs = new WeakMap<Manifest, ProjectGraph>();

/**
 * The graphology DAG of a manifest (built once per manifest and cached), for the walks of an
 * execution; selection and the cycle check use projectAdjacency() without building it. Throws a
 * CompileError naming the cycle when there is one.
 */
export function buildProjectGraph(manifest: Manifest): ProjectGraph {
  const cached = graphs.get(manifest);
  if (cached) return cached;
  assertAcyclic(manifest);
  const adjacency = projectAdjacency(manifest);
  const graph: ProjectGraph = new DirectedGraph<DagNodeAttributes>();
  for (const source of Object.values(manifest.sources)) graph.addNode(source.unique_id, { resourceType: source.resource_type });
  for (const node of Object.values(manifest.nodes)) graph.addNode(node.unique_id, { resourceType: node.resource_type });
  for (const [parent, children] of adjacency.children) for (const child of children) graph.addEdge(parent, child);
  rememberAdjacency(graph, adjacency);
  graphs.set(manifest, graph);
  return graph;
}
