/** Finding a dependency cycle and reporting it with the path and each member's file. */
import type { ProjectGraph } from './dag.js';
import { hasCycle } from 'graphology-dag';
import type { Manifest } from '../parse/manifest.js';
import { CompileError } from '../errors/strata-error.js';

/**
 * One cycle of the graph as a closed path (`[a, b, a]`), or undefined when the graph is acyclic.
 * Iterative depth-first search, so a 10,000-node chain does not overflow the stack.
 */
export function findCycle(graph: ProjectGraph): string[] | undefined {
  const state = new Map<string, 'active' | 'done'>();
  for (const root of graph.nodes()) {
    if (state.has(root)) continue;
    const stack: { node: string; next: string[]; index: number }[] = [{ node: root, next: graph.outNeighbors(root), index: 0 }];
    state.set(root, 'active');
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (frame.index >= frame.next.length) {
        state.set(frame.node, 'done');
        stack.pop();
        continue;
      }
      const child = frame.next[frame.index++]!;
      const seen = state.get(child);
      if (seen === 'active') {
        const start = stack.findIndex((f) => f.node === child);
        return [...stack.slice(start).map((f) => f.node), child];
      }
      if (seen === undefined) {
        state.set(child, 'active');
        stack.push({ node: child, next: graph.outNeighbors(child), index: 0 });
      }
    }
  }
  return undefined;
}

/** Throws a CompileError listing the cycle (`model.p.a → model.p.b → model.p.a`) and each member's file. */
export function assertAcyclic(graph: ProjectGraph, manifest: Manifest): void {
  if (!hasCycle(graph)) return;
  const cycle = findCycle(graph);
  if (!cycle) return;
  const members = cycle.slice(0, -1);
  const fileOf = (id: string): string =>
    manifest.nodes[id]?.original_file_path ?? manifest.sources[id]?.original_file_path ?? '(unknown file)';
  const first = members[0]!;
  const lines = members.map((id) => `  ${id} (${fileOf(id)})`);
  throw new CompileError(
    `Found a cycle: ${cycle.join(' → ')}\n${lines.join('\n')}`,
    {
      location: { file: fileOf(first) },
      nodeId: first,
      hint: 'Remove one of these ref() calls (or depends_on hints) so the models no longer depend on each other.',
    },
    'cycle',
  );
}
