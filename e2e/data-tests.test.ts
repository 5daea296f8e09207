import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectFrom, removeDir, runCli } from './cli-harness.js';
import { databaseKinds, prepareDatabase } from './database-under-test.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

const files = {
  'project.yml': 'name: shop\nprofile: shop\n',
  'models/orders.sql': "select * from (values (1, 'placed', 10), (2, 'shipped', -5), (3, 'returned', 7), (4, 'bogus', null)) as t(order_id, status, amount)\n",
  'tests/generic/is_positive.sql': '{% test is_positive(model, column_name) %}\nselect * from {{ model }} where {{ column_name }} <= 0\n{% endtest %}\n',
  'tests/no_negative_totals.sql': "select sum(amount) as total from {{ ref('orders') }} having sum(amount) < 0\n",
  'models/schema.yml': `version: 2
models:
  - name: orders
    data_tests:
      - dbt_utils.expression_is_true:
          arguments:
            expression: "order_id > 0"
    columns:
      - name: amount
        data_tests:
          - is_positive:
              config:
                where: "status != 'shipped'"
          - not_null:
              config:
                store_failures: true
      - name: status
        data_tests:
          - accepted_values:
              values: ['placed', 'shipped', 'returned']
              config:
                error_if: ">5"
                warn_if: ">0"
          - dbt_expectations.expect_column_values_to_match_regex:
              regex: "^[a-z]+$"
`,
};

describe.each(databaseKinds)('data tests on %s', (kind) => {
  it('runs generic, custom, package-prefixed and singular tests with their configs', async () => {
    const dir = await projectFrom(files);
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));

    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    const statuses = Object.fromEntries(
      (JSON.parse(await readFile(path.join(dir, 'target/run_results.json'), 'utf8')).results as { unique_id: string; status: string; failures: number | null }[]).map((r) => [
        r.unique_id.replace(/^test\.shop\./, '').replace(/\.[0-9a-f]{10}$/, ''),
        [r.status, r.failures],
      ]),
    );
    expect(statuses['dbt_utils_expression_is_true_orders_order_id_0']).toEqual(['pass', 0]);
    expect(statuses['is_positive_orders_amount']).toEqual(['pass', 0]); // the shipped row is left out by `where`
    expect(statuses['accepted_values_orders_status__placed__shipped__returned']).toEqual(['warn', 1]); // 1 is over warn_if, under error_if
    expect(statuses['not_null_orders_amount']).toEqual(['fail', 1]);
    expect(statuses['no_negative_totals']).toEqual(['pass', 0]);
    expect(Object.keys(statuses).some((id) => id.startsWith('dbt_expectations_expect_column'))).toBe(true);

    // The failure shows its rows, and they are kept in the audit schema.
    expect(result.stdout).toContain('failing rows:');
    const stored = await db.query(`select amount from "${db.schema}_dbt_test__audit".not_null_orders_amount`);
    expect(stored).toEqual([{ amount: null }]);

    // Selecting a model picks its tests; test_name: and test_type: select tests by kind.
    const listed = await runCli(['ls', '--select', 'test_type:singular', '--output', 'name'], dir);
    expect(listed.stdout.trim()).toBe('no_negative_totals');
    const byName = await runCli(['ls', '--select', 'test_name:not_null', '--output', 'name'], dir);
    expect(byName.stdout.trim()).toBe('not_null_orders_amount');
    const ofModel = await runCli(['test', '--select', 'orders', '--exclude', 'test_name:not_null'], dir);
    expect(ofModel.code).toBe(0);
  }, 300_000);
});

describe.each(databaseKinds)('a quoted column (quote: true) on %s', (kind) => {
  it('is tested by its quoted name', async () => {
    const dir = await projectFrom({
      'project.yml': 'name: shop\nprofile: shop\n',
      'models/payments.sql': 'select 1 as "Amount" union all select null\n',
      'models/schema.yml': 'version: 2\nmodels:\n  - name: payments\n    columns:\n      - name: Amount\n        quote: true\n        data_tests: [not_null]\n',
    });
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));
    const result = await runCli(['build'], dir);
    // The test runs (no "column amount does not exist") and finds the one null.
    expect(result.stdout).toMatch(/FAIL test not_null_payments__Amount_ 1 failing row/);
    expect(result.code).toBe(1);
  }, 300_000);
});
