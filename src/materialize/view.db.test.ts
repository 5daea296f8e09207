import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractMismatchError } from './materialize-errors.js';
import { materializeTable } from './table.js';
import { materializeView } from './view.js';
import { buildModel, selectRows } from './testing/build-model.js';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from './testing/test-database.js';

describe.each(testDatabaseKinds)('view materialization on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('replaces the view in place when columns are only added, keeping dependents untouched', async () => {
    const schema = db.freshSchema();
    await buildModel(db, materializeView, { name: 'customers', schema, sql: "select 1 as id, 'ann' as name" });
    await db.query(`create view "${schema}".customer_ids as select id from "${schema}".customers`);
    const plan = await buildModel(db, materializeView, { name: 'customers', schema, sql: "select 2 as id, 'bob' as name, true as active", runId: 'run2' });
    expect(plan.phases.flatMap((phase) => phase.statements.map((s) => s.sql.split(' ').slice(0, 4).join(' ')))).toContain('create or replace view');
    expect(await selectRows(db, `select id, name, active from "${schema}".customers`)).toEqual([{ id: 2, name: 'bob', active: true }]);
    expect(await selectRows(db, `select id from "${schema}".customer_ids`)).toEqual([{ id: 2 }]);
  });

  it('swaps the view when columns are removed or change type, re-creating dependents', async () => {
    const schema = db.freshSchema();
    await buildModel(db, materializeView, { name: 'customers', schema, sql: "select 1 as id, 'ann' as name, 'x' as dropped" });
    await db.query(`create view "${schema}".customer_names as select name from "${schema}".customers`);
    const plan = await buildModel(db, materializeView, { name: 'customers', schema, sql: "select '2'::text as id, 'bob' as name", runId: 'run2' });
    expect(plan.notes).toEqual([
      'replaced the view customers by a swap: column id changed type from integer to text',
      `re-created 1 dependent view: ${schema}.customer_names`,
    ]);
    expect(await selectRows(db, `select id, name from "${schema}".customers`)).toEqual([{ id: '2', name: 'bob' }]);
    expect(await selectRows(db, `select name from "${schema}".customer_names`)).toEqual([{ name: 'bob' }]);
  });

  it('fails the swap as a whole when a dependent view needs a removed column, leaving both views as they were', async () => {
    const schema = db.freshSchema();
    await buildModel(db, materializeView, { name: 'customers', schema, sql: "select 1 as id, 'ann' as name" });
    await db.query(`create view "${schema}".customer_names as select name from "${schema}".customers`);
    await expect(buildModel(db, materializeView, { name: 'customers', schema, sql: 'select 2 as id', runId: 'run2' })).rejects.toThrow(/name/);
    expect(await selectRows(db, `select id, name from "${schema}".customers`)).toEqual([{ id: 1, name: 'ann' }]);
    expect(await selectRows(db, `select name from "${schema}".customer_names`)).toEqual([{ name: 'ann' }]);
  });

  it('replaces a table of the same name by a view', async () => {
    const schema = db.freshSchema();
    await buildModel(db, materializeTable, { name: 'customers', schema, sql: 'select 1 as id' });
    const plan = await buildModel(db, materializeView, { name: 'customers', schema, sql: 'select 2 as id', runId: 'run2' });
    expect(plan.notes).toEqual(['replaced the table customers by a view']);
    expect(await selectRows(db, `select relkind::text from pg_class where oid = '"${schema}".customers'::regclass`)).toEqual([{ relkind: 'v' }]);
    expect(await selectRows(db, `select id from "${schema}".customers`)).toEqual([{ id: 2 }]);
  });

  it('refuses a view whose columns break the enforced contract', async () => {
    const schema = db.freshSchema();
    const model = { name: 'customers', schema, config: { contract: { enforced: true } }, columns: [{ name: 'id', data_type: 'bigint' }] };
    await buildModel(db, materializeView, { ...model, sql: 'select 1::bigint as id' });
    await expect(buildModel(db, materializeView, { ...model, sql: 'select 1 as id', runId: 'run2' })).rejects.toBeInstanceOf(ContractMismatchError);
    expect(await selectRows(db, `select pg_typeof(id)::text as type from "${schema}".customers`)).toEqual([{ type: 'bigint' }]);
  });

  it('keeps grants and comments in step with the config across runs', async () => {
    const schema = db.freshSchema();
    await db.query(`do $$ begin create role strata_test_reader; exception when duplicate_object then null; end $$`);
    await db.query(`do $$ begin create role strata_test_writer; exception when duplicate_object then null; end $$`);
    const model = { name: 'customers', schema, description: 'People', config: { persist_docs: { relation: true } } };
    await buildModel(db, materializeView, { ...model, sql: 'select 1 as id', config: { ...model.config, grants: { select: ['strata_test_writer'] } } });
    await buildModel(db, materializeView, { ...model, sql: 'select 1 as id', config: { ...model.config, grants: { select: ['strata_test_reader'] } }, runId: 'run2' });
    const privileges = await selectRows(
      db,
      `select has_table_privilege('strata_test_reader', '"${schema}".customers', 'select') as reader, has_table_privilege('strata_test_writer', '"${schema}".customers', 'select') as writer`,
    );
    expect(privileges).toEqual([{ reader: true, writer: false }]);
    expect(await selectRows(db, `select obj_description('"${schema}".customers'::regclass, 'pg_class') as comment`)).toEqual([{ comment: 'People' }]);
  });
});
