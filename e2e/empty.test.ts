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
  'project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n',
  'seeds/raw_orders.csv': 'order_id,amount,updated_at\n1,10,2024-01-01 00:00:00\n2,20,2024-01-02 00:00:00\n',
  'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    schema: "{{ target.schema }}"\n    tables:\n      - name: raw_orders\n',
  'models/orders.sql': "select order_id, amount * 100 as amount_cents from {{ source('raw', 'raw_orders') }}\n",
  'models/order_totals.sql': "{{ config(materialized='view') }}\nselect count(*) as orders, sum(amount_cents) as total_cents from {{ ref('orders') }}\n",
  'snapshots/orders_history.sql': `{% snapshot orders_history %}
{{ config(target_schema=target.schema, unique_key='order_id', strategy='timestamp', updated_at='updated_at', hard_deletes='invalidate') }}
select * from {{ source('raw', 'raw_orders') }}
{% endsnapshot %}
`,
};

describe.each(databaseKinds)('--empty on %s', (kind) => {
  it('builds every model empty with its columns, reading no rows; an existing snapshot keeps its history', async () => {
    const dir = await projectFrom(files);
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));
    const columnsOf = async (table: string) =>
      (await db.query(`select column_name from information_schema.columns where table_schema = '${db.schema}' and table_name = '${table}' order by ordinal_position`)).map((r) => r.column_name);

    // The source is the seed's table (no edge between them): loaded first.
    expect((await runCli(['seed'], dir)).code).toBe(0);
    const empty = await runCli(['build', '--empty'], dir);
    expect(empty.code, empty.stdout + empty.stderr).toBe(0);
    expect(await db.query(`select count(*)::int as n from "${db.schema}".orders`)).toEqual([{ n: 0 }]);
    expect(await columnsOf('orders')).toEqual(['order_id', 'amount_cents']);
    expect(await db.query(`select orders::int, total_cents from "${db.schema}".order_totals`)).toEqual([{ orders: 0, total_cents: null }]);
    expect(await db.query(`select count(*)::int as n from "${db.schema}".orders_history`)).toEqual([{ n: 0 }]);
    // Seeds load as usual; what reads them reads nothing, as dbt writes it.
    expect(await db.query(`select count(*)::int as n from "${db.schema}".raw_orders`)).toEqual([{ n: 2 }]);
    const compiled = await readFile(path.join(dir, 'target/compiled/shop/models/orders.sql'), 'utf8');
    expect(compiled).toContain(`(select * from "${kind === 'postgres' ? 'test' : 'postgres'}"."${db.schema}"."raw_orders" where false limit 0) _dbt_limit_subq_raw_orders`);

    expect((await runCli(['build'], dir)).code).toBe(0);
    expect(await db.query(`select count(*)::int as n from "${db.schema}".orders`)).toEqual([{ n: 2 }]);
    expect(await db.query(`select count(*)::int as n from "${db.schema}".orders_history where dbt_valid_to is null`)).toEqual([{ n: 2 }]);

    // Again with --empty: tables are rebuilt empty (dbt's --empty is for a scratch target), but the
    // snapshot's history is left alone instead of recording every row as deleted.
    const again = await runCli(['build', '--empty'], dir);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('the snapshot exists and was left as it is');
    expect(await db.query(`select count(*)::int as n from "${db.schema}".orders_history where dbt_valid_to is null`)).toEqual([{ n: 2 }]);
    expect(await db.query(`select count(*)::int as n from "${db.schema}".orders`)).toEqual([{ n: 0 }]);
  }, 300_000);
});
