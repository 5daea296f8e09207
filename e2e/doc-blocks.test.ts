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
  'project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n    +persist_docs: {relation: true, columns: true}\n',
  'models/docs.md': '{% docs orders_desc %}\nOne row per **order**, as placed.\n{% enddocs %}\n\n{% docs amount_desc -%}\nThe amount, in cents.\n{%- enddocs %}\n',
  'models/orders.sql': 'select 1 as id, 100 as amount\n',
  'models/schema.yml': `version: 2
models:
  - name: orders
    description: "{{ doc('orders_desc') }}"
    columns:
      - name: amount
        description: "{{ doc('amount_desc') }} Built for {{ target.name }}."
`,
};

describe.each(databaseKinds)('{% docs %} blocks and doc() on %s', (kind) => {
  it('render into descriptions: manifest.json, persist_docs comments and the docs block list', async () => {
    const dir = await projectFrom(files);
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));
    const run = await runCli(['run'], dir);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const target = kind === 'postgres' ? 'server' : 'dev';
    expect(
      await db.query(`select obj_description('"${db.schema}".orders'::regclass) as relation, col_description('"${db.schema}".orders'::regclass, 2) as amount`),
    ).toEqual([{ relation: 'One row per **order**, as placed.', amount: `The amount, in cents. Built for ${target}.` }]);
    const manifest = JSON.parse(await readFile(path.join(dir, 'target/manifest.json'), 'utf8'));
    expect(manifest.nodes['model.shop.orders'].description).toBe('One row per **order**, as placed.');
    expect(manifest.docs['doc.shop.amount_desc']).toMatchObject({ name: 'amount_desc', original_file_path: 'models/docs.md', block_contents: 'The amount, in cents.' });
  }, 300_000);

  it('fail at the property file when doc() names no block', async () => {
    const dir = await projectFrom({ ...files, 'models/schema.yml': 'version: 2\nmodels:\n  - name: orders\n    description: "{{ doc(\'order_desc\') }}"\n' });
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));
    const run = await runCli(['run'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("models/schema.yml: a description: doc('order_desc') names no {% docs order_desc %} block");
  }, 300_000);
});
