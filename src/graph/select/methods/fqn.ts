/**
 * `fqn:` and bare names: a node's name, or a dotted path through its fully qualified name
 * (`my_project.staging.stg_players`, `staging.*`), with or without the package in front.
 */
import type { GraphNode } from '../../../parse/manifest.js';
import { fnmatch, hasWildcard } from '../../glob.js';
import type { SelectorMethod } from './method.js';

/** A node's FQN prepared once: dots inside segments act as namespace separators too. */
interface PreparedFqn {
  readonly fqn: readonly string[];
  readonly flat: readonly string[];
  /** The same without the package, to match across packages. */
  readonly unscoped: readonly string[];
  readonly unscopedFlat: readonly string[];
  readonly versioned: boolean;
}

const prepared = new WeakMap<GraphNode, PreparedFqn>();

export const fqnMethod: SelectorMethod = (context, criterion) => {
  const nodes = context.index.parsed;
  if (criterion.value === '*') return nodes.map((n) => n.unique_id);
  const matcher = fqnMatcher(criterion.value);
  const ids: string[] = [];
  for (const node of nodes) if (matcher(node)) ids.push(node.unique_id);
  return ids;
};

/** A predicate: does a node's FQN match the qualified name, in its own package or any package. */
export function fqnMatcher(selector: string): (node: GraphNode) => boolean {
  const parts = selector.split('.');
  const wildcardAt = parts.findIndex(hasWildcard);
  const tailPattern = wildcardAt >= 0 ? parts.slice(wildcardAt).join('.') : undefined;
  const lastTwo = parts.slice(-2).join('_');

  const selectedBy = (fqn: readonly string[], flat: readonly string[], versioned: boolean): boolean => {
    if (fqn.length === 0) return false;
    if (versioned) {
      if (fqn[fqn.length - 2] === selector) return true;
      // `dim_customers.v2` and `dim_customers_v2` both name version 2.
      if (`${fqn[fqn.length - 2]}_${fqn[fqn.length - 1]}` === lastTwo) return true;
    } else if (fqn[fqn.length - 1] === selector) {
      return true;
    }
    if (flat.length < parts.length) return false;
    const fixed = wildcardAt >= 0 ? wildcardAt : parts.length;
    for (let i = 0; i < fixed; i++) if (flat[i] !== parts[i]) return false;
    return tailPattern === undefined || fnmatch(flat.slice(wildcardAt).join('.'), tailPattern);
  };

  return (node) => {
    const p = prepare(node);
    return selectedBy(p.fqn, p.flat, p.versioned) || selectedBy(p.unscoped, p.unscopedFlat, p.versioned);
  };
}

function prepare(node: GraphNode): PreparedFqn {
  let p = prepared.get(node);
  if (!p) {
    const versioned = node.resource_type === 'model' && node.version !== undefined && node.fqn[node.fqn.length - 1] === `v${node.version}`;
    const unscoped = node.fqn.slice(1);
    p = {
      fqn: node.fqn,
      flat: node.fqn.flatMap((s) => s.split('.')),
      unscoped,
      unscopedFlat: unscoped.flatMap((s) => s.split('.')),
      versioned,
    };
    prepared.set(node, p);
  }
  return p;
}
