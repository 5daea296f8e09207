import { dispatchTarget, type DispatchSearchOrder } from '../jinja/dbt/adapter-object.js';
import type { MacroEntry, MacroRegistry } from '../jinja/dbt/macro-registry.js';
import { pyStr, truthy } from '../jinja/runtime/values.js';

/**
 * dbt's four core generic tests (not_null, unique, accepted_values, relationships) written out
 * here: the SQL their macros in include/global_project/macros/generic_tests/core.sql render,
 * character for character, values printed as `{{ }}` prints them. A project declares thousands of
 * these tests, and rendering each through three macros (the test, get_where_subquery, the
 * implementation adapter.dispatch picks) was about a sixth of a large project's compile.
 *
 * Used only where the macros would render exactly this: nothing overrides the test, its dispatched
 * implementation or get_where_subquery, the test has no `where`, and its arguments are the ones the
 * macro takes, of the kinds it is written for. Anything else renders through the macros.
 * core-generic-tests.test.ts renders every case both ways and compares.
 */
export interface CoreTestRenderer {
  /** The macros the render through the macros would have used (`depends_on.macros`). */
  readonly macros: readonly MacroEntry[];
  /** The compiled SQL, or undefined when the arguments need the macros themselves. */
  readonly sql: (model: unknown, args: Readonly<Record<string, unknown>>) => string | undefined;
}

type CoreTestSql = (model: string, args: Readonly<Record<string, unknown>>) => string | undefined;

interface CoreTest {
  /** The macro's parameters after `model`, every one required unless in `optional`. */
  readonly params: readonly string[];
  readonly optional?: readonly string[];
  /** The implementation's output; the test macro prints it indented on a line of its own. */
  readonly sql: CoreTestSql;
}

const CORE_TESTS: Readonly<Record<string, CoreTest>> = {
  not_null: {
    params: ['column_name'],
    sql: (model, args) => {
      const column = pyStr(args.column_name);
      return `\nselect ${column}\nfrom ${model}\nwhere ${column} is null\n`;
    },
  },
  unique: {
    params: ['column_name'],
    sql: (model, args) => {
      const column = pyStr(args.column_name);
      return `\nselect\n    ${column} as unique_field,\n    count(*) as n_records\nfrom ${model}\nwhere ${column} is not null\ngroup by ${column}\nhaving count(*) > 1\n`;
    },
  },
  accepted_values: {
    params: ['column_name', 'values', 'quote'],
    optional: ['quote'],
    sql: (model, args) => {
      // `{% for value in values %}` over anything but a list (a string, a mapping) is left to the macro.
      if (!Array.isArray(args.values)) return undefined;
      const quote = 'quote' in args ? truthy(args.quote) : true;
      const listed = (args.values as unknown[]).map((value) => (quote ? `'${pyStr(value).replaceAll("'", "''")}'` : pyStr(value))).join(', ');
      const column = pyStr(args.column_name);
      return `\nwith all_values as (\n    select ${column} as value_field, count(*) as n_records\n    from ${model}\n    group by ${column}\n)\nselect *\nfrom all_values\nwhere value_field not in (${listed})\n`;
    },
  },
  relationships: {
    params: ['column_name', 'to', 'field'],
    sql: (model, args) => {
      const column = pyStr(args.column_name);
      return (
        `\nwith child as (\n    select ${column} as from_field\n    from ${model}\n    where ${column} is not null\n),\nparent as (\n` +
        `    select ${pyStr(args.field)} as to_field\n    from ${pyStr(args.to)}\n)\nselect child.from_field\nfrom child\n` +
        `left join parent on child.from_field = parent.to_field\nwhere parent.to_field is null\n`
      );
    },
  },
};

/**
 * The native render of generic test `testName` whose test macro is `testMacro`, when it is one of
 * the four core tests and the project renders it with the built-in macros; otherwise undefined.
 */
export function coreTestRenderer(registry: MacroRegistry, dispatchOrder: DispatchSearchOrder, testMacro: MacroEntry, testName: string): CoreTestRenderer | undefined {
  const core = Object.hasOwn(CORE_TESTS, testName) ? CORE_TESTS[testName]! : undefined;
  const builtin = registry.builtinPackage;
  if (!core || testMacro !== registry.get(builtin, `test_${testName}`)) return undefined;
  const implementation = dispatchTarget(registry, dispatchOrder, `test_${testName}`, builtin).entry;
  if (!implementation || implementation !== registry.get(builtin, `default__test_${testName}`)) return undefined;
  const whereSubquery = registry.resolve('get_where_subquery');
  if (!whereSubquery || whereSubquery !== registry.get(builtin, 'get_where_subquery')) return undefined;
  return {
    macros: [testMacro, whereSubquery, implementation],
    sql: (relation, args) => {
      for (const key in args) if (!core.params.includes(key)) return undefined;
      for (const param of core.params) if (!(param in args) && !core.optional?.includes(param)) return undefined;
      // get_where_subquery prints the relation; the test macro prints the implementation's output indented.
      const sql = core.sql(pyStr(relation), args);
      return sql === undefined ? undefined : `\n    ${sql}\n`;
    },
  };
}

/** Whether a test's `where` config is set (get_where_subquery then wraps the model in a subquery). */
export function hasWhere(context: Readonly<Record<string, unknown>>): boolean {
  const config = context.config as { get?: (key: string) => unknown } | undefined;
  return typeof config?.get === 'function' && truthy(config.get('where'));
}
