/**
 * A parsed selection: criteria (`tag:nightly+`) combined by union (space), intersection (comma)
 * and difference (`--exclude`, YAML `exclude`). Produced from CLI flags and from selectors.yml.
 */

/** How tests attached to selected nodes are pulled in (dbt's `--indirect-selection`). */
export type IndirectSelection = 'eager' | 'cautious' | 'buildable' | 'empty';
export const INDIRECT_SELECTION_MODES: readonly IndirectSelection[] = ['eager', 'cautious', 'buildable', 'empty'];

/** Selection methods strata evaluates. */
export const METHOD_NAMES = [
  'fqn',
  'tag',
  'group',
  'access',
  'source',
  'path',
  'file',
  'package',
  'config',
  'test_name',
  'test_type',
  'resource_type',
  'state',
  'result',
  'version',
  'unit_test',
  'selector',
] as const;

/** dbt methods for resources strata does not have; they are accepted and match nothing. */
export const ABSENT_RESOURCE_METHODS = ['exposure', 'metric', 'semantic_model', 'saved_query', 'source_status'] as const;

export type MethodName = (typeof METHOD_NAMES)[number] | (typeof ABSENT_RESOURCE_METHODS)[number];

/** Where a selection was written, for error messages: a CLI flag or a place in selectors.yml. */
export type SpecOrigin =
  | { readonly kind: 'flag'; readonly flag: string }
  | { readonly kind: 'file'; readonly file: string; readonly line?: number; readonly column?: number; readonly selector?: string };

/** One criterion: a method and value plus graph operators. */
export interface SelectionCriterion {
  readonly kind: 'criterion';
  readonly raw: string;
  readonly method: MethodName;
  /** `config.meta.owner` → `['meta', 'owner']`. */
  readonly methodArgs: readonly string[];
  readonly value: string;
  /** `@x` */
  readonly childrensParents: boolean;
  /** `+x` / `2+x` */
  readonly parents: boolean;
  readonly parentsDepth?: number;
  /** `x+` / `x+3` */
  readonly children: boolean;
  readonly childrenDepth?: number;
  /** Set when written on the criterion (YAML) or forced (`--exclude` is always eager); else the run's mode. */
  readonly indirectSelection?: IndirectSelection;
  readonly origin: SpecOrigin;
}

export type SetOperation = 'union' | 'intersection' | 'difference';

/** Several selections combined. A difference is its first component minus the union of the rest. */
export interface SelectionSet {
  readonly kind: SetOperation;
  readonly components: readonly SelectionSpec[];
  readonly raw: string;
  /** Warn when this part selects nothing (what the user typed, not the defaults). */
  readonly expectExists: boolean;
  readonly indirectSelection?: IndirectSelection;
  readonly origin: SpecOrigin;
}

export type SelectionSpec = SelectionCriterion | SelectionSet;

/** A set of selections. */
export function selectionSet(
  kind: SetOperation,
  components: readonly SelectionSpec[],
  origin: SpecOrigin,
  options: { raw?: string; expectExists?: boolean; indirectSelection?: IndirectSelection } = {},
): SelectionSet {
  return {
    kind,
    components,
    raw: options.raw ?? components.map((c) => c.raw).join(kind === 'intersection' ? ',' : ' '),
    expectExists: options.expectExists ?? false,
    indirectSelection: options.indirectSelection,
    origin,
  };
}

/** `--select` or `selectors.yml:12` — for the start of an error message. */
export function describeOrigin(origin: SpecOrigin): string {
  if (origin.kind === 'flag') return origin.flag;
  const where = origin.line !== undefined ? `${origin.file}:${origin.line}` : origin.file;
  return origin.selector ? `${where} (selector '${origin.selector}')` : where;
}
