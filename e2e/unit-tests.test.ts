import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectFrom, removeDir, runCli } from './cli-harness.js';
import { databaseKinds, prepareDatabase, type ProjectDatabase } from './database-under-test.js';

/** Each PGlite run starts the embedded database (seconds each on a busy machine). */
const TIMEOUT_MS = 300_000;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/** The unit tests of the shop project; `total` of customer 10 is what its first test expects. */
function unitTests(customer10Total: number): string {
  return `
unit_tests:
  - name: totals_per_customer
    model: customer_totals
    given:
      - input: ref('raw_orders')
        rows:
          - {order_id: 1, customer_id: 10, amount: 5.5, ordered_at: '2024-01-01'}
          - {order_id: 2, customer_id: 10, amount: 4.5, ordered_at: '2024-01-05'}
          - {order_id: 3, customer_id: 11, amount: 7, ordered_at: '2024-01-03'}
    expect:
      rows:
        - {customer_id: 11, orders: 1, total: 7}
        - {customer_id: 10, orders: 2, total: ${customer10Total}}

  - name: orders_before_the_cutoff_are_left_out
    model: customer_totals
    overrides:
      vars: {since: '2024-01-02'}
    given:
      - input: ref('raw_orders')
        format: csv
        rows: |
          order_id,customer_id,amount,ordered_at
          1,10,5.5,2024-01-01
          2,12,1,2024-01-05
    expect:
      format: csv
      rows: |
        customer_id,total
        12,1

  - name: only_new_orders_are_appended
    model: order_log
    overrides:
      macros: {is_incremental: true}
    given:
      - input: ref('raw_orders')
        rows: [{order_id: 1}, {order_id: 2}, {order_id: 3}]
      - input: this
        rows: [{order_id: 1}, {order_id: 2}]
    expect:
      rows: [{order_id: 3}]

  - name: big_customers_spend_over_ten
    model: big_customers
    given:
      - input: ref('customer_totals')
        format: sql
        rows: select 10 as customer_id, 2 as orders, 12.5 as total union all select 11, 1, 7
    expect:
      rows: [{customer_id: 10}]
`;
}

const SCHEMA_YML = (customer10Total: number) => `version: 2
seeds:
  - name: raw_orders
    config:
      column_types: {amount: 'numeric(10,2)', ordered_at: date}
${unitTests(customer10Total)}`;

async function shopProject(kind: (typeof databaseKinds)[number]): Promise<{ dir: string; db: ProjectDatabase }> {
  const dir = await projectFrom({
    'project.yml': "name: shop\nprofile: shop\nvars:\n  since: '2000-01-01'\nmodels:\n  shop:\n    +materialized: table\n",
    'seeds/raw_orders.csv': 'order_id,customer_id,amount,ordered_at\n1,10,5.50,2024-01-01\n2,10,4.50,2024-01-05\n3,11,7.00,2024-01-03\n',
    'models/customer_totals.sql':
      "select customer_id, count(*) as orders, sum(amount) as total, max(ordered_at) as last_order\nfrom {{ ref('raw_orders') }}\nwhere ordered_at >= '{{ var('since') }}'\ngroup by customer_id\n",
    'models/big_customers.sql': "select customer_id from {{ ref('customer_totals') }} where total > 10\n",
    'models/order_log.sql':
      "{{ config(materialized='incremental') }}\nselect order_id from {{ ref('raw_orders') }}\n{% if is_incremental() %}where order_id > (select max(order_id) from {{ this }}){% endif %}\n",
    'models/schema.yml': SCHEMA_YML(10),
  });
  const db = await prepareDatabase(kind, dir, 'shop');
  cleanups.push(() => db.cleanup(), () => removeDir(dir));
  return { dir, db };
}

async function runResults(dir: string): Promise<{ unique_id: string; status: string; failures?: number; message: string }[]> {
  return JSON.parse(await readFile(path.join(dir, 'target/run_results.json'), 'utf8')).results;
}

describe.each(databaseKinds)('unit tests on %s', (kind) => {
  it('run against fixtures before anything is built, pass, and fail with a row diff and exit 1', async () => {
    const { dir, db } = await shopProject(kind);

    const passing = await runCli(['test', '--select', 'customer_totals', 'order_log', 'big_customers'], dir);
    expect(passing.stderr).not.toContain('error');
    expect(passing.code).toBe(0);
    expect(passing.stdout).toContain('PASS unit_test');
    expect(passing.stdout).toMatch(/Done in .*PASS=4/);
    // Nothing upstream exists: the models read fixtures only.
    const tables = await db.query(`select table_name from information_schema.tables where table_schema = '${db.schema}'`);
    expect(tables).toEqual([]);

    await writeFile(path.join(dir, 'models/schema.yml'), SCHEMA_YML(12.5));
    const failing = await runCli(['test', '--select', 'customer_totals'], dir);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/FAIL unit_test .*customer_totals::totals_per_customer 2 failing rows/);
    expect(failing.stdout).toContain('actual differs from expected: 1 expected row missing, 1 unexpected row');
    expect(failing.stdout).toMatch(/--- \| 10 +\| 2 +\| 12\.5\n/);
    expect(failing.stdout).toMatch(/\+\+\+ \| 10 +\| 2 +\| 10\.00\n/);
    const results = await runResults(dir);
    const failed = results.find((r) => r.unique_id === 'unit_test.shop.customer_totals.totals_per_customer')!;
    expect(failed.status).toBe('fail');
    expect(failed.failures).toBe(2);
    expect(failed.message).toContain('+++ | 10');
    expect(results.find((r) => r.unique_id === 'unit_test.shop.customer_totals.orders_before_the_cutoff_are_left_out')!.status).toBe('pass');

    const manifest = JSON.parse(await readFile(path.join(dir, 'target/manifest.json'), 'utf8'));
    expect(Object.keys(manifest.unit_tests).sort()).toEqual([
      'unit_test.shop.big_customers.big_customers_spend_over_ten',
      'unit_test.shop.customer_totals.orders_before_the_cutoff_are_left_out',
      'unit_test.shop.customer_totals.totals_per_customer',
      'unit_test.shop.order_log.only_new_orders_are_appended',
    ]);
  }, TIMEOUT_MS);

  it('build runs a model’s unit tests before it and skips the model and its children when one fails', async () => {
    const { dir, db } = await shopProject(kind);
    await writeFile(path.join(dir, 'models/schema.yml'), SCHEMA_YML(12.5));

    const failing = await runCli(['build'], dir);
    expect(failing.code).toBe(1);
    const results = await runResults(dir);
    const status = (id: string) => results.find((r) => r.unique_id === id)?.status;
    expect(status('unit_test.shop.customer_totals.totals_per_customer')).toBe('fail');
    expect(status('model.shop.customer_totals')).toBe('skipped');
    expect(status('model.shop.big_customers')).toBe('skipped');
    expect(status('model.shop.order_log')).toBe('success');
    expect(status('seed.shop.raw_orders')).toBe('success');

    await writeFile(path.join(dir, 'models/schema.yml'), SCHEMA_YML(10));
    const passing = await runCli(['build'], dir);
    expect(passing.code).toBe(0);
    const lines = passing.stdout.split('\n');
    const lineOf = (text: string) => lines.findIndex((l) => l.includes(text));
    expect(lineOf('customer_totals::totals_per_customer')).toBeGreaterThan(lineOf('raw_orders'));
    expect(lineOf('customer_totals::totals_per_customer')).toBeLessThan(lineOf(`${db.schema}.customer_totals (`));
    const rows = await db.query(`select customer_id, total::text as total from "${db.schema}".customer_totals order by customer_id`);
    expect(rows).toEqual([{ customer_id: 10, total: '10.00' }, { customer_id: 11, total: '7.00' }]);
  }, TIMEOUT_MS);

  it('refuses a unit test that leaves out one of the model’s inputs (exit 2, naming the ref)', async () => {
    const { dir } = await shopProject(kind);
    await writeFile(
      path.join(dir, 'models/schema.yml'),
      'version: 2\nunit_tests:\n  - name: no_inputs\n    model: customer_totals\n    given: []\n    expect:\n      rows: []\n',
    );
    const result = await runCli(['test'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unit test 'no_inputs': model 'customer_totals' reads ref('raw_orders'), which has no given input");
  }, TIMEOUT_MS);
});
