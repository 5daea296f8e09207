/**
 * `fqn:` and bare names: a node's name, or a dotted path through its fully qualified name
 * (`my_project.staging.stg_players`, `staging.*`), with or without the package in front.
 */
import type { GraphNode } from '../../../parse/manifest.js';
import { fnmatch, hasWildcard } from '../../glob.js';
import { idsWhere, type SelectorMethod } from './method.js';

export const fqnMethod: SelectorMethod = (context, criterion) => {
  const selector = criterion.value;
  return idsWhere(context.index.parsed, (node) => fqnMatches(node, selector));
};

/** Whether a node's FQN matches a qualified name, in its own package or any package. */
export function fqnMatches(node: GraphNode, selector: string): boolean {
  const fqn = node.fqn;
  const versioned = isVersioned(node);
  return selectedBy(fqn, selector, versioned) || selectedBy(fqn.slice(1), selector, versioned);
}

function isVersioned(node: GraphNode): boolean {
  if (node.resource_type !== 'model' || node.version === undefined) return false;
  return node.fqn[node.fqn.length - 1] === `v${node.version}`;
}

function selectedBy(fqn: readonly string[], selector: string, versioned: boolean): boolean {
  if (fqn.length === 0) return false;
  const parts = selector.split('.');
  if (versioned) {
    if (fqn[fqn.length - 2] === selector) return true;
    // `dim_customers.v2` and `dim_customers_v2` both name version 2.
    if (fqn.slice(-2).join('_') === parts.slice(-2).join('_')) return true;
  } else if (fqn[fqn.length - 1] === selector) {
    return true;
  }
  // Dots inside FQN segments act as namespace separators too.
  const flat = fqn.flatMap((segment) => segment.split('.'));
  if (flat.length < parts.length) return false;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (hasWildcard(part)) return fnmatch(flat.slice(i).join('.'), parts.slice(i).join('.'));
    if (flat[i] !== part) return false;
  }
  return true;
}
