/**
 * `build` runs a node's tests before the nodes downstream of it, so bad data does not propagate:
 * extra edges from each test to the executable nodes that descend from everything it tests
 * (dbt's "test edges"). Added only at the first such nodes; later ones follow transitively.
 */
import type { Manifest } from '../parse/manifest.js';
import { topologicalSort } from 'graphology-dag';
import { adjacencyOf, childrenOf, parentsOf } from './adjacency.js';
import type { ProjectGraph } from './dag.js';

/** A copy of the graph with edges from tests to the nodes that must wait for them. */
export function withTestGateEdges(graph: ProjectGraph, manifest: Manifest): ProjectGraph {
  const gated = graph.copy();
  for (const [test, node] of testGateEdges(graph, manifest)) {
    if (!gated.hasEdge(test, node)) gated.addEdge(test, node);
  }
  return gated;
}

/** The `[test, node]` pairs `withTestGateEdges` adds. */
export function testGateEdges(graph: ProjectGraph, manifest: Manifest): [string, string][] {
  const isTest = (id: string) => manifest.nodes[id]?.resource_type === 'test';
  const isExecutable = (id: string) => id in manifest.nodes && !isTest(id);
  const adjacency = adjacencyOf(graph);
  const edges: [string, string][] = [];
  // Tests of several nodes (relationships), keyed by each node they depend on.
  const multiTestsOf = new Map<string, { test: string; deps: readonly string[] }[]>();
  const multiTested = new Set<string>();

  for (const node of Object.values(manifest.nodes)) {
    if (node.resource_type !== 'test' || !graph.hasNode(node.unique_id)) continue;
    const deps = parentsOf(adjacency, node.unique_id);
    if (deps.length === 1) {
      for (const child of childrenOf(adjacency, deps[0]!)) if (isExecutable(child)) edges.push([node.unique_id, child]);
    } else if (deps.length > 1) {
      for (const dep of deps) {
        multiTested.add(dep);
        let list = multiTestsOf.get(dep);
        if (!list) multiTestsOf.set(dep, (list = []));
        list.push({ test: node.unique_id, deps });
      }
    }
  }
  if (multiTested.size === 0) return edges;

  // One pass in dependency order: each node learns which multi-tested nodes are its ancestors
  // and which multi-node tests it still awaits; it waits on a test once it descends from all its deps.
  const ancestors = new Map<string, Set<string>>();
  const awaiting = new Map<string, Map<string, readonly string[]>>();
  for (const id of topologicalSort(graph)) {
    if (isTest(id)) continue;
    const mine = new Set<string>();
    const awaits = new Map<string, readonly string[]>();
    for (const parent of parentsOf(adjacency, id)) {
      if (isTest(parent)) continue;
      for (const a of ancestors.get(parent) ?? []) mine.add(a);
      if (multiTested.has(parent)) mine.add(parent);
      for (const [test, deps] of awaiting.get(parent) ?? []) awaits.set(test, deps);
      for (const { test, deps } of multiTestsOf.get(parent) ?? []) awaits.set(test, deps);
    }
    if (isExecutable(id)) {
      for (const [test, deps] of awaits) {
        if (deps.every((d) => mine.has(d))) {
          edges.push([test, id]);
          awaits.delete(test);
        }
      }
    }
    ancestors.set(id, mine);
    awaiting.set(id, awaits);
  }
  return edges;
}
