/** Finding a dependency cycle and reporting it with the path and each member's file. */
import type { Manifest } from '../parse/manifest.js';
import { CompileError } from '../errors/strata-error.js';
import { projectAdjacency, type Adjacency } from './adjacency.js';

/** Whether the graph has a cycle: Kahn's algorithm, which leaves the members of cycles unvisited. */
function hasCycle(adjacency: Adjacency): boolean {
  const waiting = new Map<string, number>();
  const ready: string[] = [];
  for (const [id, parents] of adjacency.parents) {
    waiting.set(id, parents.length);
    if (parents.length === 0) ready.push(id);
  }
  for (let i = 0; i < ready.length; i++) {
    for (const child of adjacency.children.get(ready[i]!) ?? []) {
      const left = waiting.get(child)! - 1;
      waiting.set(child, left);
      if (left === 0) ready.push(child);
    }
  }
  return ready.length < adjacency.parents.size;
}

/**
 * One cycle of the graph as a closed path (`[a, b, a]`), or undefined when the graph is acyclic.
 * Iterative depth-first search, so a 10,000-node chain does not overflow the stack.
 */
export function findCycle(adjacency: Adjacency): string[] | undefined {
  const state = new Map<string, 'active' | 'done'>();
  const childrenOf = (id: string): readonly string[] => adjacency.children.get(id) ?? [];
  for (const root of adjacency.children.keys()) {
    if (state.has(root)) continue;
    const stack: { node: string; next: readonly string[]; index: number }[] = [{ node: root, next: childrenOf(root), index: 0 }];
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
        stack.push({ node: child, next: childrenOf(child), index: 0 });
      }
    }
  }
  return undefined;
}

/** Throws a CompileError listing the cycle (`model.p.a → model.p.b → model.p.a`) and each member's file. */
export function assertAcyclic(manifest: Manifest): void {
  const adjacency = projectAdjacency(manifest);
  if (!hasCycle(adjacency)) return;
  const cycle = findCycle(adjacency);
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
