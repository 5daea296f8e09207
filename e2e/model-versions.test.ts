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
  'models/schema.yml': `version: 2
models:
  - name: customers
    latest_version: 2
    columns:
      - name: customer_id
        data_tests: [not_null, unique]
      - name: country
    versions:
      - v: 1
        columns:
          - include: all
            exclude: [country]
      - v: 2
      - v: 3
        defined_in: customers_next
`,
  'models/customers_v1.sql': 'select 1 as customer_id\n',
  'models/customers_v2.sql': "select 1 as customer_id, 'NL' as country\n",
  'models/customers_next.sql': "select 1 as customer_id, 'NL' as country, true as active\n",
  'models/latest_reader.sql': "select * from {{ ref('customers') }}\n",
  'models/old_reader.sql': "select * from {{ ref('customers', v=1) }}\n",
};

describe.each(databaseKinds)('versioned models on %s', (kind) => {
  it("build each version as <model>_v<v>; a bare ref reads the latest, ref(…, v=1) that version; tests run on every version", async () => {
    const dir = await projectFrom(files);
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));

    const built = await runCli(['build'], dir);
    expect(built.code, built.stdout + built.stderr).toBe(0);
    const columnsOf = async (table: string) =>
      (await db.query(`select column_name from information_schema.columns where table_schema = '${db.schema}' and table_name = '${table}' order by ordinal_position`)).map((r) => r.column_name);
    expect(await columnsOf('customers_v1')).toEqual(['customer_id']);
    expect(await columnsOf('customers_v2')).toEqual(['customer_id', 'country']);
    expect(await columnsOf('customers_v3')).toEqual(['customer_id', 'country', 'active']);
    expect(await columnsOf('latest_reader')).toEqual(['customer_id', 'country']); // latest_version: 2, not the highest
    expect(await columnsOf('old_reader')).toEqual(['customer_id']);

    const manifest = JSON.parse(await readFile(path.join(dir, 'target/manifest.json'), 'utf8'));
    expect(manifest.nodes['model.shop.customers.v1']).toMatchObject({ name: 'customers', version: 1, latest_version: 2, alias: 'customers_v1' });
    expect(manifest.nodes['model.shop.latest_reader'].depends_on.nodes).toEqual(['model.shop.customers.v2']);
    expect(manifest.nodes['model.shop.old_reader'].depends_on.nodes).toEqual(['model.shop.customers.v1']);
    const tests = Object.values(manifest.nodes as Record<string, { resource_type: string; name: string; attached_node: string }>).filter((n) => n.resource_type === 'test');
    expect(tests.map((t) => [t.name, t.attached_node]).sort()).toEqual([
      ['not_null_customers_v1_customer_id', 'model.shop.customers.v1'],
      ['not_null_customers_v2_customer_id', 'model.shop.customers.v2'],
      ['not_null_customers_v3_customer_id', 'model.shop.customers.v3'],
      ['unique_customers_v1_customer_id', 'model.shop.customers.v1'],
      ['unique_customers_v2_customer_id', 'model.shop.customers.v2'],
      ['unique_customers_v3_customer_id', 'model.shop.customers.v3'],
    ]);

    const latest = await runCli(['ls', '--select', 'version:latest', 'version:prerelease', '--output', 'name', '--resource-type', 'model'], dir);
    expect(latest.stdout.trim().split('\n').sort()).toEqual(['customers', 'customers']);
    const old = await runCli(['ls', '--select', 'version:old', '--output', 'json', '--resource-type', 'model'], dir);
    expect(JSON.parse(old.stdout.trim()).unique_id).toBe('model.shop.customers.v1');
  }, 300_000);
});
