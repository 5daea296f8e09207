import { afterAll, describe, expect, it } from 'vitest';
import { projectFrom, removeDir, runCli } from './cli-harness.js';
import { databaseKinds, prepareDatabase } from './database-under-test.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

const files = {
  'project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n',
  'seeds/regions.csv': 'region_id,region_name\n1,north\n2,south\n',
  'models/orders.sql': "select g as order_id, case when g % 2 = 0 then 'shipped' else 'placed' end as status, g * 10 as amount\nfrom generate_series(1, 12) g\norder by g\n",
  'models/shipped.sql': "{{ config(materialized='ephemeral') }}\nselect * from {{ ref('orders') }} where status = 'shipped'\n",
  'models/schema.yml': 'version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: order_id\n        data_tests: [unique, not_null]\n',
};

describe.each(databaseKinds)('strata show on %s', (kind) => {
  it("prints a node's first rows, as a table or JSON, and --inline SQL with ref (ephemeral models as CTEs)", async () => {
    const dir = await projectFrom(files);
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));
    expect((await runCli(['build'], dir)).code).toBe(0);

    const table = await runCli(['show', '--select', 'orders'], dir);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toBe("Previewing node 'orders':");
    expect(lines[1]).toMatch(/^order_id \| status +\| amount$/);
    expect(lines.slice(3)).toHaveLength(5); // dbt's default limit
    expect(lines[3]).toMatch(/^1 +\| placed +\| 10$/);

    const json = await runCli(['show', '--select', 'orders', '--limit', '2', '--output', 'json'], dir);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      node: 'orders',
      show: [
        { order_id: 1, status: 'placed', amount: 10 },
        { order_id: 2, status: 'shipped', amount: 20 },
      ],
    });

    const inline = await runCli(['show', '--inline', "select count(*)::int as n, sum(amount)::int as total from {{ ref('shipped') }}", '--output', 'json'], dir);
    expect(inline.code, inline.stderr).toBe(0);
    expect(JSON.parse(inline.stdout)).toEqual({ node: 'inline_query', show: [{ n: 6, total: 420 }] });

    const all = await runCli(['show', '--select', 'orders', '--limit', '-1', '--output', 'json'], dir);
    expect((JSON.parse(all.stdout) as { show: unknown[] }).show).toHaveLength(12);

    const seed = await runCli(['show', '--select', 'regions', '--output', 'json'], dir);
    expect(JSON.parse(seed.stdout)).toEqual({ node: 'regions', show: [{ region_id: 1, region_name: 'north' }, { region_id: 2, region_name: 'south' }] });
  }, 300_000);

  it('never writes: the preview runs read-only; bad input fails with the place it came from', async () => {
    const dir = await projectFrom(files);
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));
    expect((await runCli(['run', '--select', 'orders'], dir)).code).toBe(0);
    expect((await runCli(['run-operation', '--sql', 'create sequence {{ target.schema }}.order_numbers'], dir)).code).toBe(0);

    const writing = await runCli(['show', '--inline', "select nextval('{{ target.schema }}.order_numbers') as n"], dir);
    expect(writing.code).toBe(1);
    expect(writing.stderr).toContain('read-only transaction');
    expect(await db.query(`select last_value::int as v, is_called from "${db.schema}".order_numbers`)).toEqual([{ v: 1, is_called: false }]);

    const badRef = await runCli(['show', '--inline', "select * from {{ ref('ordres') }}"], dir);
    expect(badRef.code).toBe(2);
    expect(badRef.stderr).toContain("--inline:1:18: ref('ordres') names no model, seed or snapshot");
    expect(badRef.stderr).toContain("Did you mean 'orders'");

    const nothing = await runCli(['show'], dir);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('show needs --select');
  }, 300_000);
});
