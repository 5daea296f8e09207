/**
 * Parsing one selection criterion as dbt writes it: `[@][N+][method[.arg…]:]value[+[N]]`.
 * A value without a method is a path when it contains `/`, a file name when it ends in
 * .sql/.py/.csv, and an FQN otherwise.
 */
import {
  ABSENT_RESOURCE_METHODS,
  METHOD_NAMES,
  type IndirectSelection,
  type MethodName,
  type SelectionCriterion,
  type SpecOrigin,
} from './spec.js';
import { selectionError } from './selection-error.js';

const RAW_CRITERION = /^(?<childrensParents>@)?(?<parents>(?<parentsDepth>\d*)\+)?(?:(?<method>[\w.]+):)?(?<value>.*?)(?<children>\+(?<childrenDepth>\d*))?$/s;

const KNOWN_METHODS: ReadonlySet<string> = new Set([...METHOD_NAMES, ...ABSENT_RESOURCE_METHODS]);

/** The fields of a criterion other than its method, as written in YAML's full form or parsed from a string. */
export interface CriterionParts {
  readonly raw: string;
  readonly method?: string;
  readonly value: string;
  readonly childrensParents?: boolean;
  readonly parents?: boolean;
  readonly parentsDepth?: number;
  readonly children?: boolean;
  readonly childrenDepth?: number;
  readonly indirectSelection?: IndirectSelection;
  readonly origin: SpecOrigin;
}

/** Parses `+tag:nightly+2` and the like; a ConfigError at `origin` when it does not parse. */
export function parseCriterion(raw: string, origin: SpecOrigin, indirectSelection?: IndirectSelection): SelectionCriterion {
  const match = RAW_CRITERION.exec(raw);
  const groups = match?.groups;
  if (!groups) throw selectionError(origin, `'${raw}' is not a valid selector`, syntaxHint);
  return criterionFromParts({
    raw,
    method: groups.method,
    value: groups.value ?? '',
    childrensParents: groups.childrensParents !== undefined,
    parents: groups.parents !== undefined,
    parentsDepth: depth(groups.parentsDepth),
    children: groups.children !== undefined,
    childrenDepth: depth(groups.childrenDepth),
    indirectSelection,
    origin,
  });
}

/** Validates the method and operators of a criterion (from a string or from YAML). */
export function criterionFromParts(parts: CriterionParts): SelectionCriterion {
  const { raw, origin } = parts;
  const value = parts.value;
  if (value === '') {
    throw selectionError(
      origin,
      `'${raw}' has no value to select${parts.method ? ` after '${parts.method}:'` : ''}`,
      syntaxHint,
    );
  }
  if (parts.childrensParents && parts.children) {
    throw selectionError(origin, `'${raw}': the "@" prefix and the "+" suffix cannot be combined`, 'Use "@x" or "x+", not both.');
  }
  const [methodName, ...methodArgs] = parts.method ? parts.method.split('.') : [defaultMethod(value)];
  if (!methodName || !KNOWN_METHODS.has(methodName)) {
    throw selectionError(origin, `'${methodName ?? ''}' is not a valid selection method in '${raw}'`, `Expected one of: ${METHOD_NAMES.join(', ')}.`);
  }
  const method = methodName as MethodName;
  if (method === 'config' && (methodArgs.length === 0 || methodArgs.some((a) => a === ''))) {
    throw selectionError(origin, `'${raw}': the config method needs a key, as in 'config.materialized:table'`);
  }
  if (method !== 'config' && methodArgs.length > 0) {
    throw selectionError(origin, `'${raw}': only the config method takes a key after a dot ('${method}.${methodArgs.join('.')}')`);
  }
  return {
    kind: 'criterion',
    raw,
    method,
    methodArgs,
    value,
    childrensParents: parts.childrensParents ?? false,
    parents: parts.parents ?? false,
    parentsDepth: parts.parentsDepth,
    children: parts.children ?? false,
    childrenDepth: parts.childrenDepth,
    indirectSelection: parts.indirectSelection,
    origin,
  };
}

/** dbt's default method for a value written without one. */
export function defaultMethod(value: string): MethodName {
  if (value.includes('/') || value.includes('\\')) return 'path';
  if (/\.(sql|py|csv)$/i.test(value)) return 'file';
  return 'fqn';
}

function depth(raw: string | undefined): number | undefined {
  return raw ? Number.parseInt(raw, 10) : undefined;
}

const syntaxHint =
  "A selector is [@][N+][method:]value[+[N]], e.g. 'stg_players', '+tag:nightly', 'path:models/staging', 'config.materialized:table+2'.";
