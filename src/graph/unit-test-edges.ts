/**
 * `build` runs a model's unit tests before the model, as dbt does, so a model whose logic fails its
 * unit tests is not built and what is downstream of it is skipped. In the project graph a unit test
 * is a child of its model (so `--select model` picks it); for building, each unit test instead waits
 * for the model's parents (and their tests) and the model waits for it.
 */
import type { Manifest } from '../parse/manifest.js';
import type { ProjectGraph } from './dag.js';

/** A copy of the graph with every unit test moved in front of its model (the graph itself when there are none). */
export function withUnitTestsBeforeModels(graph: ProjectGraph, manifest: Manifest): ProjectGraph {
  const tests: { id: string; model: string }[] = [];
  for (const node of Object.values(manifest.nodes)) {
    if (node.resource_type === 'unit_test' && graph.hasNode(node.unique_id) && graph.hasNode(node.tested_node_unique_id))
      tests.push({ id: node.unique_id, model: node.tested_node_unique_id });
  }
  if (tests.length === 0) return graph;
  const isUnitTest = (id: string) => manifest.nodes[id]?.resource_type === 'unit_test';
  const moved = graph.copy();
  for (const { id, model } of tests) {
    if (moved.hasEdge(model, id)) moved.dropEdge(model, id);
    for (const parent of graph.inNeighbors(model)) {
      if (isUnitTest(parent) || moved.hasEdge(parent, id)) continue;
      moved.addEdge(parent, id);
    }
    if (!moved.hasEdge(id, model)) moved.addEdge(id, model);
  }
  return moved;
}
