/** What selection methods see: the manifest indexed once, the graph's adjacency lists, optional previous state, warnings. */
import type { AnyNode, GraphNode, Manifest, SourceNode } from '../../parse/manifest.js';
import { projectAdjacency, type Adjacency } from '../adjacency.js';
import type { PreviousState } from '../state/previous-state.js';
import type { NamedSelectors } from './named-selectors.js';
import type { IndirectSelection } from './spec.js';

/** The manifest's nodes in the shapes the methods iterate over, built once per manifest. */
export interface SelectionIndex {
  readonly adjacency: Adjacency;
  /** Nodes then sources: everything a selection can return. */
  readonly all: readonly AnyNode[];
  readonly parsed: readonly GraphNode[];
  readonly sources: readonly SourceNode[];
  readonly byId: ReadonlyMap<string, AnyNode>;
}

export interface SelectionContext {
  readonly manifest: Manifest;
  readonly index: SelectionIndex;
  readonly state?: PreviousState;
  readonly selectors?: NamedSelectors;
  /** The run's `--indirect-selection` mode, for criteria that do not set their own. */
  readonly indirectSelection: IndirectSelection;
  /** Named selectors being evaluated, to report `selector:` cycles. */
  readonly selectorStack: readonly string[];
  readonly warnings: string[];
  /** Per-evaluation caches (e.g. which macros changed), keyed by their user. */
  readonly memo: Map<string, unknown>;
}

const indexes = new WeakMap<Manifest, SelectionIndex>();

/** The selection index of a manifest (cached per manifest object). */
export function selectionIndex(manifest: Manifest): SelectionIndex {
  const cached = indexes.get(manifest);
  if (cached) return cached;
  const parsed = Object.values(manifest.nodes);
  const sources = Object.values(manifest.sources);
  const all: AnyNode[] = [...parsed, ...sources];
  const index: SelectionIndex = {
    adjacency: projectAdjacency(manifest),
    all,
    parsed,
    sources,
    byId: new Map(all.map((n) => [n.unique_id, n])),
  };
  indexes.set(manifest, index);
  return index;
}
