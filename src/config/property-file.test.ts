import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, StrataErrors, type StrataError } from '../errors/strata-error.js';
import { envVarOnlyRenderer } from './env-var-renderer.js';
import { findPropertyFiles, loadPropertyFile } from './property-file.js';
import type { ProjectConfig } from './project-config.js';

async function projectWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-properties-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

async function errorsOf(promise: Promise<unknown>): Promise<StrataError[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StrataErrors) return [...error.errors];
    if (error instanceof ConfigError) return [error];
    throw error;
  }
  throw new Error('expected an error');
}

const render = envVarOnlyRenderer({ env: { RAW_SCHEMA: 'raw_data' } });

async function load(text: string) {
  const dir = await projectWith({ 'models/schema.yml': text });
  return loadPropertyFile(join(dir, 'models/schema.yml'), { projectRoot: dir, render });
}

const SCHEMA = `version: 2

models:
  - name: orders
    description: "One row per order, {{ doc('orders') }}"
    config:
      materialized: table
      tags: [finance]
    tags: [daily]
    meta: {owner: ana}
    columns:
      - name: order_id
        data_type: integer
        tests:
          - unique
          - not_null:
              config:
                severity: warn
      - name: status
        data_tests:
          - accepted_values:
              values: ['placed', 'shipped']
              quote: false
              severity: warn
          - dbt_utils.not_empty_string
          - accepted_values:
              arguments:
                values: [a]
              config:
                where: "status is not null"
              name: status_is_a
    data_tests:
      - dbt_utils.expression_is_true:
          arguments:
            expression: "amount >= 0"
      - name: custom_relationship
        test_name: relationships
        arguments:
          to: ref('customers')
          field: id
    versions:
      - v: 2
        columns:
          - include: all
            exclude: [status]

sources:
  - name: shop
    schema: "{{ env_var('RAW_SCHEMA') }}"
    loader: fivetran
    freshness:
      warn_after: {count: 12, period: hour}
    tables:
      - name: raw_orders
        identifier: orders_v1
        loaded_at_field: _loaded_at
      - name: raw_customers

seeds:
  - name: countries
    config:
      column_types: {code: text}

snapshots:
  - name: orders_snapshot
    relation: source('shop', 'raw_orders')
    config:
      unique_key: id
      strategy: timestamp
      updated_at: updated_at

macros:
  - name: cents_to_dollars
    description: Converts cents
    arguments:
      - name: column_name
        type: string

unit_tests:
  - name: test_order_total
    model: orders
    given:
      - input: ref('stg_orders')
        rows:
          - {id: 1, amount: 100}
      - input: source('shop', 'raw_customers')
        format: csv
        rows: |
          id,name
          1,ana
    expect:
      rows:
        - {id: 1, total: 100}
    overrides:
      vars: {run_date: "2024-01-01"}

exposures:
  - name: weekly_dashboard
    type: dashboard
    owner: {name: Ana, email: ana@example.com}
    depends_on: [ref('orders')]

metrics:
  - name: revenue
semantic_models:
  - name: orders
`;

describe('loadPropertyFile', () => {
  it('reads models, columns and normalised tests with their positions', async () => {
    const { value: file, warnings } = await load(SCHEMA);
    expect(warnings).toEqual([]);
    expect(file.file).toBe('models/schema.yml');
    const [orders] = file.models;
    expect(orders!.description).toBe("One row per order, {{ doc('orders') }}");
    expect(orders!.config).toEqual({ materialized: 'table', tags: ['finance', 'daily'], meta: { owner: 'ana' } });
    expect(orders!.location).toEqual({ file: 'models/schema.yml', line: 4, column: 5 });
    const [orderId, status] = orders!.columns;
    expect(orderId!.data_type).toBe('integer');
    expect(orderId!.tests).toEqual([
      { name: 'unique', kwargs: {}, config: {}, columnName: 'order_id', location: { file: 'models/schema.yml', line: 15, column: 13 } },
      { name: 'not_null', kwargs: {}, config: { severity: 'warn' }, columnName: 'order_id', location: { file: 'models/schema.yml', line: 16, column: 13 } },
    ]);
    expect(status!.tests.map(({ location: _l, ...t }) => t)).toEqual([
      { name: 'accepted_values', kwargs: { values: ['placed', 'shipped'], quote: false }, config: { severity: 'warn' }, columnName: 'status' },
      { name: 'not_empty_string', namespace: 'dbt_utils', kwargs: {}, config: {}, columnName: 'status' },
      { name: 'accepted_values', kwargs: { values: ['a'] }, config: { where: 'status is not null' }, customName: 'status_is_a', columnName: 'status' },
    ]);
    expect(orders!.tests.map(({ location: _l, ...t }) => t)).toEqual([
      { name: 'expression_is_true', namespace: 'dbt_utils', kwargs: { expression: 'amount >= 0' }, config: {} },
      { name: 'relationships', kwargs: { to: "ref('customers')", field: 'id' }, config: {}, customName: 'custom_relationship' },
    ]);
    expect(orders!.versions[0]).toMatchObject({ v: 2, include: 'all', exclude: ['status'], columns: [] });
  });

  it('reads sources, seeds, snapshots, macros, unit tests and exposures', async () => {
    const { value: file } = await load(SCHEMA);
    expect(file.sources[0]).toMatchObject({ name: 'shop', schema: 'raw_data', loader: 'fivetran', freshness: { warn_after: { count: 12, period: 'hour' } } });
    expect(file.sources[0]!.tables.map((t) => [t.name, t.identifier, t.loaded_at_field])).toEqual([
      ['raw_orders', 'orders_v1', '_loaded_at'],
      ['raw_customers', 'raw_customers', undefined],
    ]);
    expect(file.seeds[0]!.config).toEqual({ column_types: { code: 'text' } });
    expect(file.snapshots[0]).toMatchObject({ name: 'orders_snapshot', relation: "source('shop', 'raw_orders')", config: { unique_key: 'id', strategy: 'timestamp' } });
    expect(file.macros[0]!.arguments).toEqual([{ name: 'column_name', type: 'string', description: '' }]);
    expect(file.unit_tests[0]).toMatchObject({
      name: 'test_order_total',
      model: 'orders',
      given: [
        { input: "ref('stg_orders')", format: 'dict', rows: [{ id: 1, amount: 100 }] },
        { input: "source('shop', 'raw_customers')", format: 'csv', rows: 'id,name\n1,ana\n' },
      ],
      expect: { format: 'dict', rows: [{ id: 1, total: 100 }] },
      overrides: { vars: { run_date: '2024-01-01' }, macros: {}, env_vars: {} },
    });
    expect(file.exposures[0]).toMatchObject({ name: 'weekly_dashboard', type: 'dashboard', depends_on: ["ref('orders')"] });
  });

  it('reports every bad value with file, line, column and key path', async () => {
    const errors = await errorsOf(
      load(`version: 2
models:
  - name: orders
    columns:
      - name: id
        tests: unique
  - name: customers
    config:
      enabled: "yes please"
      materialized: [table]
    columns:
      - name: id
        tests:
          - accepted_values: [a, b]
          - {unique: {}, not_null: {}}
`),
    );
    expect(errors.map((e) => [e.where, e.message])).toEqual([
      ['models/schema.yml:6:9', 'models[0].columns[0].tests: expected a list of tests, got the string "unique"'],
    ]);
    const second = await errorsOf(
      load(`models:
  - name: customers
    config:
      enabled: "yes please"
      materialized: [table]
    columns:
      - name: id
        tests:
          - accepted_values: [a, b]
          - {unique: {}, not_null: {}}
          - not_null: {severity: 3}
`),
    );
    expect(second.map((e) => [e.where, e.message])).toEqual([
      ['models/schema.yml:4:7', 'models[0].config.enabled: expected true or false, got the string "yes please"'],
      ['models/schema.yml:5:7', 'models[0].config.materialized: expected a string, got a list'],
      ['models/schema.yml:9:13', 'models[0].columns[0].tests[0].accepted_values: expected the arguments of test "accepted_values" as a mapping'],
      ['models/schema.yml:10:13', "models[0].columns[0].tests[1]: a test entry must have exactly one key (the test's name), got 2: unique, not_null"],
      ['models/schema.yml:11:24', 'models[0].columns[0].tests[2].not_null.severity: expected "warn" or "error", got the number 3'],
    ]);
    expect(second[0]!.frame).toContain('> 4 |       enabled: "yes please"');
  });

  it('reports a missing required key at its entry', async () => {
    const [error] = await errorsOf(load('sources:\n  - name: shop\n    tables:\n      - identifier: x\n'));
    expect(error!.message).toBe('sources[0].tables[0].name: is required (a string)');
    expect(error!.where).toBe('models/schema.yml:4:9');
  });

  it('warns about unknown keys on models and columns', async () => {
    const { warnings } = await load('models:\n  - name: orders\n    colums: []\n');
    expect(warnings).toEqual([{ message: 'models[0].colums: unknown key (ignored)', location: { file: 'models/schema.yml', line: 3, column: 5 } }]);
  });

  it("renders a data test's config values, and only those, as dbt does: natively, with var, env_var and target", async () => {
    const { jinjaConfigRenderer } = await import('../api/config-renderer.js');
    const dir = await projectWith({
      'models/schema.yml': `models:
  - name: orders
    description: "{{ doc('orders') }}"
    columns:
      - name: id
        data_tests:
          - not_null:
              config:
                severity: "{{ 'error' if target.name == 'prod' else 'warn' }}"
                where: "loaded_at >= '{{ var('since') }}'"
                limit: "{{ 2 * 5 }}"
                meta: {owner: "{{ var('since') }}"}
          - accepted_values:
              values: ["{{ var('since') }}"]
              store_failures: "{{ target.name == 'dev' }}"
          - name: custom_name
            test_name: unique
            config:
              enabled: "{{ env_var('TESTS_ON', 'False') }}"
`,
    });
    const renderer = jinjaConfigRenderer({ env: {}, allowSecrets: false, vars: { since: '2024-01-01' }, extra: { target: { name: 'dev' } } });
    const { value } = await loadPropertyFile(join(dir, 'models/schema.yml'), { projectRoot: dir, render: renderer });
    const [notNull, acceptedValues, unique] = value.models[0]!.columns[0]!.tests;
    expect(notNull!.config).toEqual({ severity: 'warn', where: "loaded_at >= '2024-01-01'", limit: 10, meta: { owner: "{{ var('since') }}" } });
    expect(acceptedValues!.kwargs).toEqual({ values: ["{{ var('since') }}"] });
    expect(acceptedValues!.config).toEqual({ store_failures: true });
    expect(unique!.config).toEqual({ enabled: false });
    expect(value.models[0]!.description).toBe("{{ doc('orders') }}");
  });

  it('finds property files under the resource paths', async () => {
    const dir = await projectWith({ 'models/a.yml': '', 'models/sub/b.yaml': '', 'seeds/c.yml': '', 'other/d.yml': '', 'models/x.sql': '' });
    const project = { project_root: dir, model_paths: ['models'], seed_paths: ['seeds'], snapshot_paths: ['snapshots'], analysis_paths: [], macro_paths: [], test_paths: [] } as unknown as ProjectConfig;
    const files = await findPropertyFiles(project);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(['models/a.yml', 'models/sub/b.yaml', 'seeds/c.yml']);
  });
});
