/** The shape of a selection method: the unique_ids among the manifest's nodes that a criterion matches. */
import type { SelectionContext } from '../context.js';
import type { SelectionCriterion } from '../spec.js';

export type SelectorMethod = (context: SelectionContext, criterion: SelectionCriterion) => Iterable<string>;

/** The ids of the nodes satisfying a predicate. */
export function* idsWhere<T extends { readonly unique_id: string }>(nodes: readonly T[], predicate: (node: T) => boolean): Iterable<string> {
  for (const node of nodes) if (predicate(node)) yield node.unique_id;
}
