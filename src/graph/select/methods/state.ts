/**
 * `state:new|old|modified[.body|.configs|.relation|.persisted_descriptions|.macros|.contract]|unmodified`:
 * nodes compared with the previous manifest given as `state.manifest`.
 */
import type { AnyNode } from '../../../parse/manifest.js';
import {
  macroChangeDetector,
  sameBody,
  sameConfig,
  sameContents,
  sameContract,
  samePersistedDescriptions,
  sameRelation,
} from '../../state/modified-checks.js';
import type { PreviousManifest, PreviousNode } from '../../state/previous-state.js';
import type { SelectionContext } from '../context.js';
import { selectionError } from '../selection-error.js';
import type { SelectorMethod } from './method.js';

type StateCheck = (node: AnyNode, old: PreviousNode | undefined, macrosChanged: (node: AnyNode) => boolean) => boolean;

/** A node with no previous version counts as modified by every `modified` sub-selector. */
const STATE_CHECKS: Record<string, StateCheck> = {
  new: (_node, old) => old === undefined,
  old: (_node, old) => old !== undefined,
  modified: (node, old, macros) => old === undefined || !sameContents(node, old) || macros(node),
  unmodified: (node, old, macros) => old !== undefined && sameContents(node, old) && !macros(node),
  'modified.body': (node, old) => old === undefined || !sameBody(node, old),
  'modified.configs': (node, old) => old === undefined || !sameConfig(node, old),
  'modified.relation': (node, old) => old === undefined || !sameRelation(node, old),
  'modified.persisted_descriptions': (node, old) => old === undefined || !samePersistedDescriptions(node, old),
  'modified.contract': (node, old) => old === undefined || !sameContract(node, old),
  'modified.macros': (node, _old, macros) => macros(node),
};

export const stateMethod: SelectorMethod = (context, criterion) => {
  const check = STATE_CHECKS[criterion.value];
  if (!check) {
    throw selectionError(criterion.origin, `'${criterion.raw}': invalid state selector '${criterion.value}'`, `Expected one of: ${Object.keys(STATE_CHECKS).join(', ')}.`);
  }
  const previous = context.state?.manifest;
  if (!previous) {
    throw selectionError(
      criterion.origin,
      `'${criterion.raw}' compares with a previous manifest, but none was given`,
      'Pass --state <dir> pointing at the artifacts of the run to compare with.',
    );
  }
  const macrosChanged = macroDetector(context, previous);
  const selected: string[] = [];
  for (const node of context.index.all) {
    const old = node.resource_type === 'source' ? previous.sources[node.unique_id] : previous.nodes[node.unique_id];
    if (check(node, old, macrosChanged)) selected.push(node.unique_id);
  }
  return selected;
};

/** Computed once per selection: several state criteria share the set of changed macros. */
function macroDetector(context: SelectionContext, previous: PreviousManifest): (node: AnyNode) => boolean {
  const key = 'state:macros';
  let detector = context.memo.get(key) as ((node: AnyNode) => boolean) | undefined;
  if (!detector) {
    detector = macroChangeDetector(context.manifest, previous);
    context.memo.set(key, detector);
  }
  return detector;
}
