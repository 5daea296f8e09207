/**
 * Evaluating a selection: each criterion's matches plus graph neighbours, tests pulled in
 * indirectly, and sets combined, following dbt's semantics (including how cautious and buildable
 * tests selected by one part of a union are kept once all their parents are in).
 */
import { childrenOf, parentsOf } from '../adjacency.js';
import { ancestorsOf, childrensParents, descendantsOf } from '../traversal.js';
import type { SelectionContext } from './context.js';
import { SELECTOR_METHODS } from './methods/registry.js';
import { selectionError } from './selection-error.js';
import type { IndirectSelection, SelectionCriterion, SelectionSet, SelectionSpec } from './spec.js';

/** Nodes selected directly, and tests only waiting for more of their parents to be selected. */
export interface Selected {
  readonly direct: Set<string>;
  readonly indirect: Set<string>;
}

/** Evaluates a selection spec against the context's manifest. */
export function evaluateSpec(spec: SelectionSpec, context: SelectionContext): Selected {
  return spec.kind === 'criterion' ? evaluateCriterion(spec, context) : evaluateSet(spec, context);
}

function evaluateSet(spec: SelectionSet, context: SelectionContext): Selected {
  const parts = spec.components.map((component) => evaluateSpec(component, context));
  const initialDirect = combine(spec.kind, parts.map((p) => p.direct));
  const indirect = combine(spec.kind, parts.map((p) => union(p.direct, p.indirect)));
  const direct = incorporateIndirect(initialDirect, indirect, spec.indirectSelection ?? context.indirectSelection, context);
  if (spec.expectExists && direct.size === 0) {
    context.warnings.push(`The selection criterion '${spec.raw}' does not match any enabled nodes`);
  }
  return { direct, indirect };
}

function evaluateCriterion(criterion: SelectionCriterion, context: SelectionContext): Selected {
  const adjacency = context.index.adjacency;
  let collected: Set<string>;
  if (criterion.method === 'selector') {
    const named = evaluateNamedSelector(criterion, context);
    if (!criterion.parents && !criterion.children && !criterion.childrensParents) return named;
    collected = named.direct;
  } else {
    collected = new Set(SELECTOR_METHODS[criterion.method](context, criterion));
  }
  const selected = new Set(collected);
  if (criterion.childrensParents) addAll(selected, childrensParents(adjacency, collected));
  if (criterion.parents) addAll(selected, ancestorsOf(adjacency, collected, criterion.parentsDepth));
  if (criterion.children) addAll(selected, descendantsOf(adjacency, collected, criterion.childrenDepth));
  const mode = criterion.indirectSelection ?? context.indirectSelection;
  if (mode === 'empty') return { direct: selected, indirect: new Set() };
  return expandToTests(selected, mode, context);
}

function evaluateNamedSelector(criterion: SelectionCriterion, context: SelectionContext): Selected {
  const name = criterion.value;
  const named = context.selectors?.get(name);
  if (!named) {
    const known = context.selectors ? [...context.selectors.keys()] : [];
    throw selectionError(
      criterion.origin,
      `'${criterion.raw}': there is no selector named '${name}'`,
      known.length > 0 ? `Selectors defined in selectors.yml: ${known.join(', ')}.` : 'Define it in selectors.yml at the project root.',
    );
  }
  if (context.selectorStack.includes(name)) {
    throw selectionError(criterion.origin, `selector '${name}' refers to itself: ${[...context.selectorStack, name].join(' → ')}`);
  }
  return evaluateSpec(named.definition, { ...context, selectorStack: [...context.selectorStack, name] });
}

/**
 * Tests whose parents are selected (dbt's expand_selection). eager: any parent selected;
 * cautious: all parents; buildable: all parents are selected or ancestors of the selection.
 * The rest wait in `indirect` in case another part of a union selects their other parents.
 */
function expandToTests(selected: Set<string>, mode: IndirectSelection, context: SelectionContext): Selected {
  const adjacency = context.index.adjacency;
  const direct = new Set(selected);
  const indirect = new Set<string>();
  let buildableBase: Set<string> | undefined;
  const candidates = new Set<string>();
  for (const id of selected) for (const child of childrenOf(adjacency, id)) if (!selected.has(child)) candidates.add(child);
  for (const id of candidates) {
    if (!isTestLike(context, id)) continue;
    const parents = parentsOf(adjacency, id);
    if (mode === 'eager' || parents.every((p) => selected.has(p))) {
      direct.add(id);
    } else if (mode === 'buildable') {
      buildableBase ??= buildableSet(selected, context);
      if (parents.every((p) => buildableBase!.has(p))) direct.add(id);
      else indirect.add(id);
    } else {
      indirect.add(id);
    }
  }
  return { direct, indirect };
}

/** Once a set is combined, tests held back as indirect may now have all their parents in. */
function incorporateIndirect(direct: Set<string>, indirect: Set<string>, mode: IndirectSelection, context: SelectionContext): Set<string> {
  if (mode !== 'cautious' && mode !== 'buildable') return direct;
  const pending = [...indirect].filter((id) => !direct.has(id));
  if (pending.length === 0) return direct;
  const adjacency = context.index.adjacency;
  const base = mode === 'cautious' ? direct : union(direct, ancestorsOf(adjacency, direct));
  const result = new Set(direct);
  for (const id of pending) {
    if (!isTestLike(context, id)) continue;
    if (parentsOf(adjacency, id).every((p) => base.has(p))) result.add(id);
  }
  return result;
}

/** The selection, its ancestors, and every source: parents a buildable test can rely on. */
function buildableSet(selected: Set<string>, context: SelectionContext): Set<string> {
  const base = union(selected, ancestorsOf(context.index.adjacency, selected));
  for (const source of context.index.sources) base.add(source.unique_id);
  return base;
}

function isTestLike(context: SelectionContext, id: string): boolean {
  const type = context.manifest.nodes[id]?.resource_type as string | undefined;
  return type === 'test' || type === 'unit_test';
}

function combine(kind: SelectionSet['kind'], sets: Set<string>[]): Set<string> {
  if (sets.length === 0) return new Set();
  const [first, ...rest] = sets as [Set<string>, ...Set<string>[]];
  switch (kind) {
    case 'union': {
      const out = new Set(first);
      for (const s of rest) addAll(out, s);
      return out;
    }
    case 'intersection': {
      const out = new Set<string>();
      for (const id of first) if (rest.every((s) => s.has(id))) out.add(id);
      return out;
    }
    case 'difference': {
      const out = new Set(first);
      for (const s of rest) for (const id of s) out.delete(id);
      return out;
    }
    default: {
      const never: never = kind;
      throw new Error(`unknown set operation ${String(never)}`);
    }
  }
}

function union(a: Set<string>, b: Set<string>): Set<string> {
  const out = new Set(a);
  addAll(out, b);
  return out;
}

function addAll(target: Set<string>, items: Iterable<string>): void {
  for (const item of items) target.add(item);
}
