/**
 * Normalising the data test entries of property files. dbt accepts `unique`, `dbt_utils.at_least_one`,
 * `{accepted_values: {values: [...], quote: false, config: {...}}}`, arguments nested under
 * `arguments:` (dbt 1.10), config keys written beside the arguments (`severity: warn`), and the
 * `{name: ..., test_name: ..., arguments: ...}` form. All become one shape.
 */
import { ConfigError, type SourceLocation } from '../errors/strata-error.js';
import { checkConfigValues } from './config-keys.js';
import { isMapping } from './config-tree.js';
import { formatKeyPath, type KeyPath } from './key-path.js';
import { hasJinja } from './renderer.js';
import type { ConfigWarning } from './warnings.js';
import { frameAt, locateKeyPath, type YamlFile } from './yaml-file.js';
import { issueToError } from './zod-errors.js';

/** A generic data test as declared in a property file. */
export interface TestEntry {
  /** The generic test's name without namespace: `unique`, `accepted_values`, `expression_is_true`. */
  readonly name: string;
  /** The package prefix when written: `dbt_utils` in `dbt_utils.expression_is_true`. */
  readonly namespace?: string;
  /** The test's arguments (not rendered: they may hold Jinja such as `ref(...)`). */
  readonly kwargs: Readonly<Record<string, unknown>>;
  /** Config written on the entry (`config:` and config keys written beside the arguments). */
  readonly config: Readonly<Record<string, unknown>>;
  /** `name:` given to this instance of the test. */
  readonly customName?: string;
  readonly description?: string;
  /** The column the test is declared under, for column tests. */
  readonly columnName?: string;
  readonly location: SourceLocation;
}

/** Keys written beside a test's arguments that dbt reads as config, not as arguments. */
export const TEST_CONFIG_KEYS: ReadonlySet<string> = new Set([
  'severity',
  'tags',
  'enabled',
  'where',
  'limit',
  'warn_if',
  'error_if',
  'fail_calc',
  'store_failures',
  'store_failures_as',
  'meta',
  'database',
  'schema',
  'alias',
]);

export interface NormalizedTests {
  readonly tests: TestEntry[];
  readonly errors: ConfigError[];
  readonly warnings: ConfigWarning[];
}

/** Normalises the list at `path` (a `tests:`/`data_tests:` value); bad entries become errors, the rest tests. */
export function normalizeTestList(list: unknown, yamlFile: YamlFile, path: KeyPath, columnName?: string): NormalizedTests {
  const result: NormalizedTests = { tests: [], errors: [], warnings: [] };
  if (list === undefined || list === null) return result;
  if (!Array.isArray(list)) {
    result.errors.push(errorAt(yamlFile, path, 'expected a list of tests'));
    return result;
  }
  list.forEach((entry, index) => {
    const entryPath = [...path, index];
    const normalized = normalizeTestEntry(entry, yamlFile, entryPath, columnName);
    if (normalized instanceof Array) result.errors.push(...normalized);
    else {
      result.tests.push(normalized.test);
      result.warnings.push(...normalized.warnings);
    }
  });
  return result;
}

/** Normalises one test entry, or returns its errors. */
export function normalizeTestEntry(
  entry: unknown,
  yamlFile: YamlFile,
  path: KeyPath,
  columnName?: string,
): { test: TestEntry; warnings: ConfigWarning[] } | ConfigError[] {
  const location = locateKeyPath(yamlFile, path);
  const warnings: ConfigWarning[] = [];
  if (typeof entry === 'string') {
    const named = splitTestName(entry, yamlFile, path);
    if (named instanceof ConfigError) return [named];
    return { test: { ...named, kwargs: {}, config: {}, ...(columnName !== undefined && { columnName }), location }, warnings };
  }
  if (!isMapping(entry)) {
    return [errorAt(yamlFile, path, 'expected a test name (unique) or a mapping ({accepted_values: {values: [...]}})')];
  }

  let testName: string;
  let body: Record<string, unknown>;
  let bodyPath: KeyPath;
  if ('test_name' in entry) {
    if (typeof entry.test_name !== 'string') return [errorAt(yamlFile, [...path, 'test_name'], 'expected the name of a generic test')];
    testName = entry.test_name;
    const { test_name: _omit, ...rest } = entry;
    body = rest;
    bodyPath = path;
  } else {
    const keys = Object.keys(entry);
    if (keys.length !== 1) {
      return [
        errorAt(yamlFile, path, `a test entry must have exactly one key (the test's name), got ${keys.length}: ${keys.join(', ')}`, 'Nest arguments under the test name, or write {name: ..., test_name: ..., arguments: ...}.'),
      ];
    }
    testName = keys[0]!;
    const value = entry[testName];
    if (value !== null && value !== undefined && !isMapping(value)) {
      return [errorAt(yamlFile, [...path, testName], `expected the arguments of test "${testName}" as a mapping`)];
    }
    body = value ?? {};
    bodyPath = [...path, testName];
  }
  const named = splitTestName(testName, yamlFile, path);
  if (named instanceof ConfigError) return [named];

  const errors: ConfigError[] = [];
  const kwargs: Record<string, unknown> = {};
  const config: Record<string, unknown> = {};
  let customName: string | undefined;
  let description: string | undefined;
  for (const [key, value] of Object.entries(body)) {
    if (key === 'arguments') {
      if (isMapping(value)) Object.assign(kwargs, value);
      else if (value !== null) errors.push(errorAt(yamlFile, [...bodyPath, key], 'expected the arguments as a mapping'));
    } else if (key === 'config') {
      if (isMapping(value)) Object.assign(config, value);
      else if (value !== null) errors.push(errorAt(yamlFile, [...bodyPath, key], 'expected config as a mapping'));
    } else if (key === 'name') {
      if (typeof value === 'string') customName = value;
      else errors.push(errorAt(yamlFile, [...bodyPath, key], 'expected a name for this test'));
    } else if (key === 'description') {
      if (typeof value === 'string') description = value;
    } else if (TEST_CONFIG_KEYS.has(key)) {
      config[key] = value;
    } else {
      if ('arguments' in body) {
        warnings.push({ message: `${formatKeyPath([...bodyPath, key])}: test argument outside "arguments:" (read as an argument)`, location: locateKeyPath(yamlFile, [...bodyPath, key]) });
      }
      kwargs[key] = value;
    }
  }
  // A value still holding Jinja is one whose render failed, and that failure is reported already.
  const rendered = Object.fromEntries(Object.entries(config).filter(([, value]) => typeof value !== 'string' || !hasJinja(value)));
  for (const problem of checkConfigValues(rendered)) {
    const configPath = isMapping(body.config) && problem.key in body.config ? [...bodyPath, 'config', problem.key] : [...bodyPath, problem.key];
    for (const issue of problem.issues) errors.push(issueToError(issue, yamlFile, configPath));
  }
  if (errors.length > 0) return errors;
  return {
    test: {
      ...named,
      kwargs,
      config,
      ...(customName !== undefined && { customName }),
      ...(description !== undefined && { description }),
      ...(columnName !== undefined && { columnName }),
      location,
    },
    warnings,
  };
}

function splitTestName(written: string, yamlFile: YamlFile, path: KeyPath): { name: string; namespace?: string } | ConfigError {
  const parts = written.split('.');
  if (parts.length === 1 && parts[0] !== '') return { name: parts[0]! };
  if (parts.length === 2 && parts[0] !== '' && parts[1] !== '') return { namespace: parts[0]!, name: parts[1]! };
  return errorAt(yamlFile, path, `"${written}" is not a test name (expected name or package.name)`);
}

function errorAt(yamlFile: YamlFile, path: KeyPath, what: string, hint?: string): ConfigError {
  const location = locateKeyPath(yamlFile, path);
  return new ConfigError(`${formatKeyPath(path)}: ${what}`, { location, frame: frameAt(yamlFile, location), hint });
}
