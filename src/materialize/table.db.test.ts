import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractMismatchError } from './materialize-errors.js';
import { materializeTable } from './table.js';
import { materializeView } from './view.js';
import { buildModel, selectRows } from './testing/build-model.js';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from './testing/test-database.js';

describe.each(testDatabaseKinds)('table materialization on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('replaces the table with the new data on the second run', async () => {
    const schema = db.freshSchema();
    await buildModel(db, materializeTable, { name: 'orders', schema, sql: 'select g as id, g * 10 as amount from generate_series(1, 3) g' });
    expect(await selectRows(db, `select id, amount from "${schema}".orders order by id`)).toEqual([
      { id: 1, amount: 10 },
      { id: 2, amount: 20 },
      { id: 3, amount: 30 },
    ]);
    await buildModel(db, materializeTable, { name: 'orders', schema, sql: "select g as id, 'new' as label from generate_series(5, 6) g", runId: 'run2' });
    expect(await selectRows(db, `select id, label from "${schema}".orders order by id`)).toEqual([
      { id: 5, label: 'new' },
      { id: 6, label: 'new' },
    ]);
    const relations = await selectRows(db, `select relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where nspname = '${schema}' and relkind = 'r'`);
    expect(relations).toEqual([{ relname: 'orders' }]);
  });

  it('leaves the previous table and its dependent views intact when the build fails', async () => {
    const schema = db.freshSchema();
    await buildModel(db, materializeTable, { name: 'orders', schema, sql: 'select 1 as id' });
    await db.query(`create view "${schema}".orders_view as select id from "${schema}".orders`);
    await expect(buildModel(db, materializeTable, { name: 'orders', schema, sql: 'select 1 / 0 as id', runId: 'run2' })).rejects.toThrow(/division by zero/);
    await expect(buildModel(db, materializeTable, { name: 'orders', schema, sql: 'select id from no_such_table', runId: 'run3' })).rejects.toThrow(/no_such_table/);
    expect(await selectRows(db, `select id from "${schema}".orders_view`)).toEqual([{ id: 1 }]);
    const leftovers = await selectRows(db, `select relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where nspname = '${schema}' and relname like '%strata%'`);
    expect(leftovers).toEqual([]);
  });

  it("re-creates dependent views (the project's and foreign ones, views of views) on the new table", async () => {
    const schema = db.freshSchema();
    const other = db.freshSchema();
    await buildModel(db, materializeTable, { name: 'orders', schema, sql: 'select g as id, g * 10 as amount from generate_series(1, 3) g' });
    const ownedSql = `select * from "${schema}".orders where amount > 10`;
    await buildModel(db, materializeView, { name: 'big_orders', schema, sql: ownedSql });
    await db.query(`create schema "${other}"`);
    await db.query(`create view "${other}".big_order_ids as select id from "${schema}".big_orders`);
    await db.query(`do $$ begin create role strata_test_reader; exception when duplicate_object then null; end $$`);
    await db.query(`grant select on "${other}".big_order_ids to strata_test_reader`);
    await db.query(`comment on view "${other}".big_order_ids is 'Maintained by another team'`);
    await db.query(`create materialized view "${other}".order_count as select count(*) as n from "${schema}".orders`);

    const plan = await buildModel(db, materializeTable, {
      name: 'orders',
      schema,
      sql: "select g as id, g * 100 as amount, 'eur' as currency from generate_series(1, 4) g",
      runId: 'run2',
      ownedViews: new Map([[`${schema}.big_orders`, ownedSql]]),
    });

    expect(plan.notes.join('\n')).toContain('re-created 3 dependent views');
    // The project's view is re-created from its SQL, so `select *` now includes the new column.
    expect(await selectRows(db, `select id, currency from "${schema}".big_orders order by id`)).toEqual([
      { id: 1, currency: 'eur' },
      { id: 2, currency: 'eur' },
      { id: 3, currency: 'eur' },
      { id: 4, currency: 'eur' },
    ]);
    expect(await selectRows(db, `select id from "${other}".big_order_ids order by id`)).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }]);
    expect(await selectRows(db, `select n::int as n from "${other}".order_count`)).toEqual([{ n: 4 }]);
    // A foreign view keeps what others gave it: its grants and its comment.
    expect(
      await selectRows(
        db,
        `select has_table_privilege('strata_test_reader', '"${other}".big_order_ids', 'select') as granted, obj_description('"${other}".big_order_ids'::regclass, 'pg_class') as comment`,
      ),
    ).toEqual([{ granted: true, comment: 'Maintained by another team' }]);
  });

  it('replaces a view of the same name by a table, keeping its dependents', async () => {
    const schema = db.freshSchema();
    await buildModel(db, materializeView, { name: 'events', schema, sql: 'select 1 as id' });
    await db.query(`create view "${schema}".events_copy as select id from "${schema}".events`);
    const plan = await buildModel(db, materializeTable, { name: 'events', schema, sql: 'select 2 as id', runId: 'run2' });
    expect(plan.notes).toContain('replaced the view events by a table');
    expect(await selectRows(db, `select relkind::text from pg_class where oid = '"${schema}".events'::regclass`)).toEqual([{ relkind: 'r' }]);
    expect(await selectRows(db, `select id from "${schema}".events_copy`)).toEqual([{ id: 2 }]);
  });

  it('refuses a query that breaks the enforced contract, before touching the existing table', async () => {
    const schema = db.freshSchema();
    const contracted = {
      name: 'customers',
      schema,
      config: { contract: { enforced: true } },
      columns: [
        { name: 'id', data_type: 'integer', constraints: [{ type: 'primary_key', name: 'customers_pk' }] },
        { name: 'email', data_type: 'text', constraints: [{ type: 'not_null' }] },
      ],
    };
    await buildModel(db, materializeTable, { ...contracted, sql: "select 1 as id, 'a@example.com' as email" });
    await buildModel(db, materializeTable, { ...contracted, sql: "select 2 as id, 'b@example.com' as email", runId: 'run2' });
    const mismatch = buildModel(db, materializeTable, { ...contracted, sql: "select '3' as id, 'c' as mail", runId: 'run3' });
    await expect(mismatch).rejects.toBeInstanceOf(ContractMismatchError);
    await expect(mismatch).rejects.toThrow(
      'model.demo.customers: the query does not match the enforced contract:\n' +
        '  - id: declared as integer, the query returns text\n' +
        '  - email: declared as text, not returned by the query\n' +
        '  - mail: returned by the query (text), not declared',
    );
    expect(await selectRows(db, `select id, email from "${schema}".customers`)).toEqual([{ id: 2, email: 'b@example.com' }]);
    // The constraints are real, and the named primary key kept its name through the swap.
    expect(await selectRows(db, `select conname::text from pg_constraint where conrelid = '"${schema}".customers'::regclass and contype = 'p'`)).toEqual([
      { conname: 'customers_pk' },
    ]);
    await expect(db.query(`insert into "${schema}".customers values (2, 'dup@example.com')`)).rejects.toThrow(/duplicate key/);
    await expect(db.query(`insert into "${schema}".customers values (9, null)`)).rejects.toThrow(/null value/);
  });

  it('leaves indexes, grants and comments in the catalog after a rebuild', async () => {
    const schema = db.freshSchema();
    await db.query(`do $$ begin create role strata_test_reader; exception when duplicate_object then null; end $$`);
    const model = {
      name: 'orders',
      schema,
      sql: 'select g as id, g % 2 as bucket from generate_series(1, 5) g',
      description: "All orders (it's tested)",
      columns: [{ name: 'id', description: 'The order id' }],
      config: {
        indexes: [{ columns: ['id'], unique: true }, { columns: ['bucket'], type: 'hash' }],
        grants: { select: ['strata_test_reader'] },
        persist_docs: { relation: true, columns: true },
      },
    };
    await buildModel(db, materializeTable, model);
    await buildModel(db, materializeTable, { ...model, runId: 'run2' });
    const indexes = await selectRows(
      db,
      `select regexp_replace(indexdef, 'INDEX \\S+ ON \\S+', 'INDEX ON') as def from pg_indexes where schemaname = '${schema}' and tablename = 'orders' order by 1`,
    );
    expect(indexes).toEqual([{ def: 'CREATE INDEX ON USING hash (bucket)' }, { def: 'CREATE UNIQUE INDEX ON USING btree (id)' }]);
    expect(await selectRows(db, `select has_table_privilege('strata_test_reader', '"${schema}".orders', 'select') as granted`)).toEqual([{ granted: true }]);
    expect(
      await selectRows(db, `select obj_description('"${schema}".orders'::regclass, 'pg_class') as tab, col_description('"${schema}".orders'::regclass, 1) as col`),
    ).toEqual([{ tab: "All orders (it's tested)", col: 'The order id' }]);
  });

  it('runs hooks inside the transaction, and `transaction: false` ones outside it', async () => {
    const schema = db.freshSchema();
    const hooks = {
      preHooks: [
        { sql: `create table if not exists "${schema}".audit (event text)`, transaction: false },
        { sql: `insert into "${schema}".audit values ('pre, inside')`, transaction: true },
      ],
      postHooks: [
        { sql: `insert into "${schema}".audit select 'post, inside: ' || count(*) from "${schema}".orders`, transaction: true },
        { sql: `insert into "${schema}".audit values ('post, outside')`, transaction: false },
      ],
    };
    await buildModel(db, materializeTable, { name: 'orders', schema, sql: 'select 1 as id union all select 2', ...hooks });
    // A failed build rolls back the hooks that ran inside its transaction, and never reaches the post-hooks.
    await expect(buildModel(db, materializeTable, { name: 'orders', schema, sql: 'select 1 / 0 as id', runId: 'run2', ...hooks })).rejects.toThrow(/division by zero/);
    expect(await selectRows(db, `select event from "${schema}".audit`)).toEqual([
      { event: 'pre, inside' },
      { event: 'post, inside: 2' },
      { event: 'post, outside' },
    ]);
  });

  it('builds in an existing schema as a role that may not create schemas', async () => {
    const schema = db.freshSchema();
    await db.query(`create schema "${schema}"`);
    await db.query(`do $$ begin create role strata_test_builder; exception when duplicate_object then null; end $$`);
    await db.query(`grant usage, create on schema "${schema}" to strata_test_builder`);
    // The role has no CREATE on the database (PUBLIC doesn't by default), which `create schema if not exists`
    // would need even though the schema is there.
    await db.query('set role strata_test_builder');
    try {
      const plan = await buildModel(db, materializeTable, { name: 'orders', schema, sql: 'select 1 as id' });
      expect(plan.phases.flatMap((phase) => phase.statements).some((s) => /create schema/.test(s.sql))).toBe(false);
    } finally {
      await db.query('reset role');
    }
    expect(await selectRows(db, `select id from "${schema}".orders`)).toEqual([{ id: 1 }]);
  });

  it('drops the leftovers of a crashed run before building', async () => {
    const schema = db.freshSchema();
    await buildModel(db, materializeTable, { name: 'orders', schema, sql: 'select 1 as id' });
    await db.query(`create table "${schema}".orders__strata_tmp_crashed as select 1 as id`);
    await db.query(`create table "${schema}".orders__strata_backup_crashed as select 1 as id`);
    await db.query(`create table "${schema}".orders_archive__strata_tmp_crashed as select 1 as id`);
    const plan = await buildModel(db, materializeTable, { name: 'orders', schema, sql: 'select 2 as id', runId: 'run2' });
    expect(plan.drops.map((name) => name.identifier)).toEqual(['orders__strata_backup_crashed', 'orders__strata_tmp_crashed']);
    const left = await selectRows(db, `select relname::text from pg_class c join pg_namespace n on n.oid = c.relnamespace where nspname = '${schema}' and relkind = 'r' order by 1`);
    expect(left).toEqual([{ relname: 'orders' }, { relname: 'orders_archive__strata_tmp_crashed' }]);
  });

  it('builds a partitioned table with one partition per month of the data, twice', async () => {
    const schema = db.freshSchema();
    const model = { name: 'sales', schema, config: { partition_by: { field: 'sold_on', granularity: 'month' } } };
    await buildModel(db, materializeTable, { ...model, sql: "select 1 as id, date '2024-01-15' as sold_on union all select 2, date '2024-03-02'" });
    await buildModel(db, materializeTable, {
      ...model,
      sql: "select 1 as id, date '2024-02-15' as sold_on union all select 2, date '2024-03-02' union all select 3, null",
      runId: 'run2',
    });
    expect(await selectRows(db, `select id, sold_on::text from "${schema}".sales order by id`)).toEqual([
      { id: 1, sold_on: '2024-02-15' },
      { id: 2, sold_on: '2024-03-02' },
      { id: 3, sold_on: null },
    ]);
    const partitions = await selectRows(
      db,
      `select c.relname::text as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = '"${schema}".sales'::regclass order by 1`,
    );
    expect(partitions).toEqual([{ name: 'sales_p20240201' }, { name: 'sales_p20240301' }, { name: 'sales_pdefault' }]);
  });
});

