/**
 * What the scheduler needs to walk a selection with N workers: the selected nodes in dependency
 * order, and for each one the selected nodes it must wait for. Unselected nodes in between still
 * order their selected ancestors before their selected descendants (as dbt's subset graph does).
 */
import { topologicalSort } from 'graphology-dag';
import type { Manifest } from '../parse/manifest.js';
import { adjacencyOf, parentsOf } from './adjacency.js';
import { buildProjectGraph, type ProjectGraph } from './dag.js';
import { withTestGateEdges } from './test-gate-edges.js';
import { withUnitTestsBeforeModels } from './unit-test-edges.js';

export interface ExecutionOrder {
  /** Selected unique_ids in a dependency order (parents first). */
  readonly nodes: readonly string[];
  /** For each selected node, the nearest selected nodes it must wait for. */
  readonly upstream: ReadonlyMap<string, readonly string[]>;
  /** The inverse of `upstream`: the selected nodes waiting for each one. */
  readonly downstream: ReadonlyMap<string, readonly string[]>;
}

export interface ExecutionOrderOptions {
  /**
   * `build`: a node waits for the tests of its parents, a model for its unit tests (which run after
   * the model's parents), and a failing test skips what is downstream.
   */
  readonly testsGateChildren?: boolean;
}

const EMPTY: ReadonlySet<string> = new Set();

/** The execution order of the selected nodes of a manifest. */
export function buildExecutionOrder(
  manifest: Manifest,
  selected: ReadonlySet<string>,
  options: ExecutionOrderOptions = {},
): ExecutionOrder {
  const base = buildProjectGraph(manifest);
  const graph = options.testsGateChildren ? withTestGateEdges(withUnitTestsBeforeModels(base, manifest), manifest) : base;
  return executionOrderOf(graph, selected);
}

/** The execution order of the selected nodes of a graph. */
export function executionOrderOf(graph: ProjectGraph, selected: ReadonlySet<string>): ExecutionOrder {
  const nodes: string[] = [];
  const upstream = new Map<string, string[]>();
  const downstream = new Map<string, string[]>();
  // For an unselected node: the nearest selected ancestors its selected descendants inherit.
  const inherited = new Map<string, ReadonlySet<string>>();

  const adjacency = adjacencyOf(graph);
  for (const id of topologicalSort(graph)) {
    let waits: Set<string> | undefined;
    for (const parent of parentsOf(adjacency, id)) {
      if (selected.has(parent)) (waits ??= new Set()).add(parent);
      else for (const a of inherited.get(parent) ?? EMPTY) (waits ??= new Set()).add(a);
    }
    if (selected.has(id)) {
      const list = waits ? [...waits] : [];
      nodes.push(id);
      upstream.set(id, list);
      downstream.set(id, []);
      for (const parent of list) downstream.get(parent)!.push(id);
    } else if (waits) {
      inherited.set(id, waits);
    }
  }
  return { nodes, upstream, downstream };
}

/** Every selected node downstream of `id` (to skip after it fails), nearest first. */
export function downstreamOf(order: ExecutionOrder, id: string): string[] {
  const seen = new Set<string>();
  const queue = [...(order.downstream.get(id) ?? [])];
  for (let i = 0; i < queue.length; i++) {
    const next = queue[i]!;
    if (seen.has(next)) continue;
    seen.add(next);
    for (const child of order.downstream.get(next) ?? []) if (!seen.has(child)) queue.push(child);
  }
  return [...seen];
}
