import { createHash } from 'node:crypto';
import { fromHost, pyStr, reprString } from '../jinja/runtime/values.js';

/** Flattens a test argument into name parts as dbt does (dict values, list items, scalars). */
function flatten(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => pythonish(v));
  if (value !== null && typeof value === 'object') return Object.values(value as Record<string, unknown>).map((v) => pythonish(v));
  return [pythonish(value)];
}

function pythonish(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * The names dbt gives a generic test: `name` is `<namespace>_<test>_<model>_<args>` (on a source
 * table: `<namespace>_source_<test>_<source>_<table>_<args>`) with the arguments (column_name first,
 * then the rest by name) joined by `__` and non-identifier characters folded to `_`; it is the
 * node's name, selectable with --select. `shortName` is what its compiled file and its relation
 * (store_failures) are called: the name itself under 64 characters, else its first 30 characters
 * of `<test>_<model>` and an md5 of the name, as dbt-core's synthesize_generic_test_names does.
 */
export function genericTestName(options: {
  testName: string;
  namespace?: string;
  /** The model's name, or `<source>_<table>` for a test on a source table (with `onSource`). */
  targetName: string;
  onSource?: boolean;
  kwargs: Readonly<Record<string, unknown>>;
}): { name: string; shortName: string } {
  const parts: string[] = [];
  for (const key of Object.keys(options.kwargs).sort()) {
    if (key === 'model') continue;
    parts.push(...flatten(options.kwargs[key]));
  }
  const unique = parts.map((p) => p.replace(/[^0-9a-zA-Z_]+/g, '_')).join('__');
  const test = options.onSource ? `source_${options.testName}` : options.testName;
  const testType = options.namespace ? `${options.namespace}_${test}` : test;
  const identifier = `${testType}_${options.targetName}`;
  const name = `${identifier}_${unique}`;
  if (name.length < 64) return { name, shortName: name };
  return { name, shortName: `${identifier.slice(0, 30)}_${createHash('md5').update(name).digest('hex')}` };
}

/** A generic test as dbt-core describes it in test_metadata when it hashes the test's unique_id. */
export interface GenericTestIdentity {
  /** The test's name without namespace (`unique`). */
  readonly testName: string;
  readonly namespace?: string;
  /** The arguments as written (not rendered), with `column_name` for a column's test. */
  readonly kwargs: Readonly<Record<string, unknown>>;
  /** What the test reads, written as dbt writes it into the test's `model` argument. */
  readonly attachedRef: { readonly kind: 'ref'; readonly name: string; readonly version?: string | number } | { readonly kind: 'source'; readonly source: string; readonly table: string };
}

/**
 * The unique_id of a generic test, `test.<package>.<name>.<10 hex>`, hashed as dbt-core hashes it:
 * the last 10 hex digits of md5(name + repr(metadata)), the metadata's mappings with sorted keys and
 * every other value as its str(). So an id depends on what the test is, not on the line it is written
 * on (moving it does not make it state:modified), and a test has the id dbt gives it. `distinct`
 * separates tests that would share one (same name and arguments on one node: dbt refuses those).
 */
export function genericTestUniqueId(packageName: string, name: string, test: GenericTestIdentity, distinct?: string): string {
  const target =
    test.attachedRef.kind === 'ref'
      ? `ref(${reprString(test.attachedRef.name)}${test.attachedRef.version === undefined ? '' : `, version=${reprString(String(test.attachedRef.version))}`})`
      : `source(${reprString(test.attachedRef.source)}, ${reprString(test.attachedRef.table)})`;
  const metadata = {
    name: test.testName,
    kwargs: { ...test.kwargs, model: `{{ get_where_subquery(${target}) }}` },
    namespace: test.namespace ?? null,
  };
  const hashed = `${name}${hashableRepr(metadata)}${distinct === undefined ? '' : `\u0000${distinct}`}`;
  return `test.${packageName}.${name}.${createHash('md5').update(hashed).digest('hex').slice(-10)}`;
}

/** repr() of dbt-core's get_hashable_md(value): mappings by sorted key, lists item by item, anything else str(). */
function hashableRepr(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(hashableRepr).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((key) => `${reprString(key)}: ${hashableRepr(record[key])}`)
      .join(', ')}}`;
  }
  return reprString(pyStr(fromHost(value)));
}
