import { createHash } from 'node:crypto';

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

/** The unique_id of a test node: `test.<package>.<name>.<10 hex>`. */
export function testUniqueId(packageName: string, name: string, salt: string): string {
  return `test.${packageName}.${name}.${createHash('md5').update(`${name}\u0000${salt}`).digest('hex').slice(0, 10)}`;
}
