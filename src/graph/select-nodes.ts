/**
 * The one entry point commands call to turn `--select/--exclude/--selector/--resource-type`
 * into the set of unique_ids to run, with warnings for criteria that matched nothing.
 */
import type { Manifest, ResourceType } from '../parse/manifest.js';
import { ConfigError } from '../errors/strata-error.js';
import { selectionIndex, type SelectionContext } from './select/context.js';
import { evaluateSpec } from './select/evaluate.js';
import { defaultSelector, type NamedSelectors } from './select/named-selectors.js';
import { parseCriterion } from './select/parse-criterion.js';
import { parseSelectionFlag } from './select/parse-flags.js';
import {
  INDIRECT_SELECTION_MODES,
  selectionSet,
  type IndirectSelection,
  type SelectionSpec,
  type SpecOrigin,
} from './select/spec.js';
import type { PreviousState } from './state/previous-state.js';

export interface SelectNodesOptions {
  /** `--select` values; each may hold several space-separated criteria. */
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  /** `--selector <name>`: a selector from selectors.yml (takes precedence over select/exclude, as in dbt). */
  readonly selector?: string;
  /** The project's named selectors (see loadSelectorsFile); its `default: true` one applies when nothing else is given. */
  readonly selectors?: NamedSelectors;
  /** Keep only these resource types (a command's own types, or `--resource-type`). */
  readonly resourceTypes?: readonly ResourceType[];
  /** `--indirect-selection` (default eager). A string, so an unknown value is reported as a ConfigError. */
  readonly indirectSelection?: IndirectSelection | (string & {});
  /** The previous run to compare with, for `state:` and `result:`. */
  readonly state?: PreviousState;
}

export interface SelectionResult {
  readonly selected: Set<string>;
  /** Things a user should hear about (criteria matching nothing, ignored flags); the caller prints them. */
  readonly warnings: string[];
}

/** Everything when nothing is selected: dbt's default includes. */
const DEFAULT_INCLUDES = ['fqn:*', 'source:*', 'unit_test:*'];

/** Selects the unique_ids of a manifest's nodes and sources as dbt's node selection syntax describes. */
export function selectNodes(manifest: Manifest, options: SelectNodesOptions = {}): SelectionResult {
  const warnings: string[] = [];
  const indirectSelection = checkIndirectSelection(options.indirectSelection);
  const spec = chooseSpec(options, warnings);
  const context: SelectionContext = {
    manifest,
    index: selectionIndex(manifest),
    state: options.state,
    selectors: options.selectors,
    indirectSelection,
    selectorStack: [],
    warnings,
    memo: new Map(),
  };
  const { direct } = evaluateSpec(spec, context);
  if (spec.kind === 'criterion' && spec.method === 'selector' && direct.size === 0) {
    warnings.push(`The selector '${spec.value}' does not match any enabled nodes`);
  }
  const types = options.resourceTypes ? new Set<string>(options.resourceTypes) : undefined;
  const selected = new Set<string>();
  for (const id of direct) {
    const node = context.index.byId.get(id);
    if (node && (!types || types.has(node.resource_type))) selected.add(id);
  }
  return { selected, warnings };
}

function chooseSpec(options: SelectNodesOptions, warnings: string[]): SelectionSpec {
  const select = nonEmpty(options.select);
  const exclude = nonEmpty(options.exclude);
  if (options.selector !== undefined) {
    if (select || exclude) warnings.push('--select and --exclude are ignored when --selector is given');
    return namedSelectorReference(options.selector, options.selectors, { kind: 'flag', flag: '--selector' });
  }
  const fallback = !select && !exclude ? defaultSelector(options.selectors) : undefined;
  if (fallback) return namedSelectorReference(fallback.name, options.selectors, { kind: 'flag', flag: '--selector' });

  const origin: SpecOrigin = { kind: 'flag', flag: '--select' };
  const included = select
    ? parseSelectionFlag(select, '--select')
    : selectionSet('union', DEFAULT_INCLUDES.map((raw) => parseCriterion(raw, origin)), origin, { raw: DEFAULT_INCLUDES.join(' ') });
  // Excluding a node also excludes its tests, whatever --indirect-selection says (as dbt does).
  const excluded = exclude ? parseSelectionFlag(exclude, '--exclude', 'eager') : selectionSet('union', [], { kind: 'flag', flag: '--exclude' });
  return selectionSet('difference', [included, excluded], origin, { indirectSelection: 'eager' });
}

function namedSelectorReference(name: string, selectors: NamedSelectors | undefined, origin: SpecOrigin): SelectionSpec {
  if (!selectors || !selectors.has(name)) {
    const known = selectors ? [...selectors.keys()] : [];
    throw new ConfigError(`--selector: there is no selector named '${name}'`, {
      hint: known.length > 0 ? `Selectors defined in selectors.yml: ${known.join(', ')}.` : 'Define named selectors in selectors.yml at the project root.',
    });
  }
  return parseCriterion(`selector:${name}`, origin);
}

function checkIndirectSelection(value: string | undefined): IndirectSelection {
  if (value === undefined) return 'eager';
  if ((INDIRECT_SELECTION_MODES as readonly string[]).includes(value)) return value as IndirectSelection;
  throw new ConfigError(`--indirect-selection: '${value}' is not a mode`, { hint: `Expected one of: ${INDIRECT_SELECTION_MODES.join(', ')}.` });
}

function nonEmpty(values: readonly string[] | undefined): readonly string[] | undefined {
  const kept = values?.filter((v) => v.trim() !== '');
  return kept && kept.length > 0 ? kept : undefined;
}
