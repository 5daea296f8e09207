/**
 * The project's dependency graph: one graphology node per manifest node and source,
 * edges from parent to child (a model to the models that ref it, a model to its tests).
 */
import { DirectedGraph } from 'graphology';
import type { AnyNode, Manifest } from '../parse/manifest.js';
import { assertAcyclic } from './cycle.js';

/** Attributes kept on each graph node, so traversals need not look nodes up again. */
export interface DagNodeAttributes {
  readonly resourceType: AnyNode['resource_type'];
}

export type ProjectGraph = DirectedGraph<DagNodeAttributes>;

const graphs = new WeakMap<Manifest, ProjectGraph>();

/**
 * The DAG of a manifest (built once per manifest and cached). Throws a CompileError naming
 * the cycle when there is one. Dependencies on ids missing from the manifest are left out:
 * unresolved refs are reported by parse/, which knows the file and line of the call.
 */
export function buildProjectGraph(manifest: Manifest): ProjectGraph {
  const cached = graphs.get(manifest);
  if (cached) return cached;
  const graph: ProjectGraph = new DirectedGraph<DagNodeAttributes>();
  for (const source of Object.values(manifest.sources)) {
    graph.addNode(source.unique_id, { resourceType: source.resource_type });
  }
  for (const node of Object.values(manifest.nodes)) {
    graph.addNode(node.unique_id, { resourceType: node.resource_type });
  }
  for (const node of Object.values(manifest.nodes)) {
    for (const parent of node.depends_on.nodes) addEdge(graph, parent, node.unique_id);
    // A generic test always runs after what it tests, even if its SQL does not ref it.
    if (node.resource_type === 'test' && node.attached_node) addEdge(graph, node.attached_node, node.unique_id);
  }
  assertAcyclic(graph, manifest);
  graphs.set(manifest, graph);
  return graph;
}

function addEdge(graph: ProjectGraph, parent: string, child: string): void {
  if (parent === child) {
    graph.mergeEdge(parent, child);
    return;
  }
  if (graph.hasNode(parent) && !graph.hasEdge(parent, child)) graph.addEdge(parent, child);
}
