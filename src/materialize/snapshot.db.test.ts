import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MaterializationConfigError } from './materialize-errors.js';
import { materializeSnapshot } from './snapshot.js';
import { buildModel, selectRows } from './testing/build-model.js';
import type { ModelFixture } from './testing/model-fixture.js';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from './testing/test-database.js';

describe.each(testDatabaseKinds)('snapshot materialization on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });

  /** A source table `raw_customers` in a fresh schema, and a snapshot of it. */
  async function customers(config: Record<string, unknown>, rows: string): Promise<{ schema: string; snapshot: (runId: string) => Promise<unknown> }> {
    const schema = db.freshSchema();
    await db.query(`create schema "${schema}"`);
    await db.query(`create table "${schema}".raw_customers (id int, name text, updated_at timestamp)`);
    await db.query(`insert into "${schema}".raw_customers values ${rows}`);
    const fixture: ModelFixture = { name: 'customers_snapshot', schema, sql: `select * from "${schema}".raw_customers`, config: { materialized: 'snapshot', ...config } };
    return { schema, snapshot: (runId) => buildModel(db, materializeSnapshot, { ...fixture, runId }) };
  }

  it('timestamp strategy: three runs give the exact history, including a column added to the source', async () => {
    const { schema, snapshot } = await customers(
      { unique_key: 'id', strategy: 'timestamp', updated_at: 'updated_at' },
      `(1, 'Ann', '2024-01-01'), (2, 'Bob', '2024-01-01'), (3, 'Cid', '2024-01-01')`,
    );
    await snapshot('run1');
    await db.query(`update "${schema}".raw_customers set name = 'Anna', updated_at = '2024-02-01' where id = 1`);
    await db.query(`insert into "${schema}".raw_customers values (4, 'Dee', '2024-02-01')`);
    // Deleted from the source: ignored by default (hard_deletes: ignore), its version stays current.
    await db.query(`delete from "${schema}".raw_customers where id = 3`);
    await snapshot('run2');
    await db.query(`alter table "${schema}".raw_customers add column email text`);
    await db.query(`update "${schema}".raw_customers set name = 'Bobby', email = 'bob@example.com', updated_at = '2024-03-01' where id = 2`);
    // A row whose updated_at did not move is not a new version, whatever changed.
    await db.query(`update "${schema}".raw_customers set name = 'Dee (sneaky)' where id = 4`);
    await snapshot('run3');

    const history = await selectRows(
      db,
      `select id, name, email, dbt_valid_from::text as valid_from, dbt_valid_to::text as valid_to, dbt_updated_at::text as updated_at,
              dbt_scd_id = md5(id::text || '|' || updated_at::text) as scd_id_ok
       from "${schema}".customers_snapshot order by id, dbt_valid_from`,
    );
    expect(history).toEqual([
      { id: 1, name: 'Ann', email: null, valid_from: '2024-01-01 00:00:00', valid_to: '2024-02-01 00:00:00', updated_at: '2024-01-01 00:00:00', scd_id_ok: true },
      { id: 1, name: 'Anna', email: null, valid_from: '2024-02-01 00:00:00', valid_to: null, updated_at: '2024-02-01 00:00:00', scd_id_ok: true },
      { id: 2, name: 'Bob', email: null, valid_from: '2024-01-01 00:00:00', valid_to: '2024-03-01 00:00:00', updated_at: '2024-01-01 00:00:00', scd_id_ok: true },
      { id: 2, name: 'Bobby', email: 'bob@example.com', valid_from: '2024-03-01 00:00:00', valid_to: null, updated_at: '2024-03-01 00:00:00', scd_id_ok: true },
      { id: 3, name: 'Cid', email: null, valid_from: '2024-01-01 00:00:00', valid_to: null, updated_at: '2024-01-01 00:00:00', scd_id_ok: true },
      { id: 4, name: 'Dee', email: null, valid_from: '2024-02-01 00:00:00', valid_to: null, updated_at: '2024-02-01 00:00:00', scd_id_ok: true },
    ]);
    const columns = await selectRows(db, `select column_name::text from information_schema.columns where table_schema = '${schema}' and table_name = 'customers_snapshot' order by ordinal_position`);
    expect(columns.map((c) => c.column_name)).toEqual(['id', 'name', 'updated_at', 'dbt_scd_id', 'dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to', 'email']);
  });

  it('check strategy on a composite key: versions stamped with the run time, closed where the next one opens', async () => {
    const schema = db.freshSchema();
    await db.query(`create schema "${schema}"`);
    await db.query(`create table "${schema}".raw_prices (sku text, region text, price numeric, note text)`);
    await db.query(`insert into "${schema}".raw_prices values ('a', 'eu', 10, 'x'), ('a', 'us', 12, 'x'), ('b', 'eu', null, 'x')`);
    const fixture: ModelFixture = {
      name: 'prices_snapshot',
      schema,
      sql: `select * from "${schema}".raw_prices`,
      config: { unique_key: ['sku', 'region'], strategy: 'check', check_cols: ['price'] },
    };
    await buildModel(db, materializeSnapshot, { ...fixture, runId: 'run1' });
    // A null becoming a value is a change; a column outside check_cols is not.
    await db.query(`update "${schema}".raw_prices set price = 11 where sku = 'a' and region = 'eu'`);
    await db.query(`update "${schema}".raw_prices set price = 5 where sku = 'b'`);
    await db.query(`update "${schema}".raw_prices set note = 'y' where region = 'us'`);
    await buildModel(db, materializeSnapshot, { ...fixture, runId: 'run2' });
    await db.query(`update "${schema}".raw_prices set price = null where sku = 'b'`);
    await buildModel(db, materializeSnapshot, { ...fixture, runId: 'run3' });

    const rows = await selectRows(
      db,
      `select sku, region, price::text, note,
              dense_rank() over (order by dbt_valid_from)::int as opened_in_run,
              (select dense_rank from (select dbt_valid_from as t, dense_rank() over (order by dbt_valid_from) from "${schema}".prices_snapshot) r where r.t = s.dbt_valid_to limit 1)::int as closed_in_run
       from "${schema}".prices_snapshot s order by sku, region, dbt_valid_from`,
    );
    expect(rows).toEqual([
      { sku: 'a', region: 'eu', price: '10', note: 'x', opened_in_run: 1, closed_in_run: 2 },
      { sku: 'a', region: 'eu', price: '11', note: 'x', opened_in_run: 2, closed_in_run: null },
      { sku: 'a', region: 'us', price: '12', note: 'x', opened_in_run: 1, closed_in_run: null },
      { sku: 'b', region: 'eu', price: null, note: 'x', opened_in_run: 1, closed_in_run: 2 },
      { sku: 'b', region: 'eu', price: '5', note: 'x', opened_in_run: 2, closed_in_run: 3 },
      { sku: 'b', region: 'eu', price: null, note: 'x', opened_in_run: 3, closed_in_run: null },
    ]);
  });

  it("check_cols 'all': a column new to the source makes every row a new version, as in dbt", async () => {
    const { schema, snapshot } = await customers({ unique_key: 'id', strategy: 'check', check_cols: 'all' }, `(1, 'Ann', '2024-01-01'), (2, 'Bob', '2024-01-01')`);
    await snapshot('run1');
    await snapshot('run2');
    expect(await selectRows(db, `select count(*)::int as n from "${schema}".customers_snapshot`)).toEqual([{ n: 2 }]);
    await db.query(`alter table "${schema}".raw_customers add column tier int`);
    await snapshot('run3');
    await db.query(`update "${schema}".raw_customers set tier = 1 where id = 1`);
    await snapshot('run4');
    const rows = await selectRows(db, `select id, tier, dbt_valid_to is null as current from "${schema}".customers_snapshot order by id, dbt_valid_from`);
    expect(rows).toEqual([
      { id: 1, tier: null, current: false },
      { id: 1, tier: null, current: false },
      { id: 1, tier: 1, current: true },
      { id: 2, tier: null, current: false },
      { id: 2, tier: null, current: true },
    ]);
  });

  it('hard_deletes invalidate (and the older invalidate_hard_deletes: true) closes the versions of deleted keys', async () => {
    for (const config of [{ hard_deletes: 'invalidate' }, { invalidate_hard_deletes: true }]) {
      const { schema, snapshot } = await customers(
        { unique_key: 'id', strategy: 'timestamp', updated_at: 'updated_at', ...config },
        `(1, 'Ann', '2024-01-01'), (2, 'Bob', '2024-01-01')`,
      );
      await snapshot('run1');
      await db.query(`delete from "${schema}".raw_customers where id = 2`);
      await snapshot('run2');
      await snapshot('run3');
      const rows = await selectRows(
        db,
        `select id, dbt_valid_to is not null and dbt_valid_to > dbt_valid_from as closed from "${schema}".customers_snapshot order by id`,
      );
      expect(rows).toEqual([
        { id: 1, closed: false },
        { id: 2, closed: true },
      ]);
    }
  });

  it('hard_deletes new_record records the deletion as a version, and a key coming back as another', async () => {
    const { schema, snapshot } = await customers(
      { unique_key: 'id', strategy: 'timestamp', updated_at: 'updated_at', hard_deletes: 'new_record' },
      `(1, 'Ann', '2024-01-01'), (2, 'Bob', '2024-01-01')`,
    );
    await snapshot('run1');
    await db.query(`delete from "${schema}".raw_customers where id = 2`);
    await snapshot('run2');
    // A second run while deleted adds nothing: the current version already records the deletion.
    await snapshot('run3');
    // Back, with a later updated_at than the deletion's time (the deletion record's version ends there).
    await db.query(`insert into "${schema}".raw_customers values (2, 'Bob', '2999-01-01')`);
    await snapshot('run4');

    const rows = await selectRows(
      db,
      `select id, name, dbt_is_deleted as deleted, dbt_valid_to is null as current,
              dbt_valid_to = lead(dbt_valid_from) over (partition by id order by dbt_valid_from) as closed_by_next
       from "${schema}".customers_snapshot order by id, dbt_valid_from`,
    );
    expect(rows).toEqual([
      { id: 1, name: 'Ann', deleted: 'False', current: true, closed_by_next: null },
      { id: 2, name: 'Bob', deleted: 'False', current: false, closed_by_next: true },
      { id: 2, name: 'Bob', deleted: 'True', current: false, closed_by_next: true },
      { id: 2, name: 'Bob', deleted: 'False', current: true, closed_by_next: null },
    ]);
    // The deletion record is closed when the key comes back, and every version has its own scd id.
    const deletion = await selectRows(db, `select dbt_valid_to is not null as closed from "${schema}".customers_snapshot where dbt_is_deleted = 'True'`);
    expect(deletion).toEqual([{ closed: true }]);
    expect(await selectRows(db, `select count(distinct dbt_scd_id)::int as n from "${schema}".customers_snapshot`)).toEqual([{ n: 4 }]);
  });

  it('dbt_valid_to_current and snapshot_meta_column_names shape the current versions', async () => {
    const { schema, snapshot } = await customers(
      {
        unique_key: 'id',
        strategy: 'timestamp',
        updated_at: 'updated_at',
        dbt_valid_to_current: "'9999-12-31'::timestamp",
        snapshot_meta_column_names: { dbt_valid_from: 'valid_from', dbt_valid_to: 'valid_to', dbt_scd_id: 'version_id' },
      },
      `(1, 'Ann', '2024-01-01')`,
    );
    await snapshot('run1');
    await db.query(`update "${schema}".raw_customers set name = 'Anna', updated_at = '2024-02-01'`);
    await snapshot('run2');
    const rows = await selectRows(db, `select name, valid_from::text, valid_to::text, length(version_id) as id_length from "${schema}".customers_snapshot order by valid_from`);
    expect(rows).toEqual([
      { name: 'Ann', valid_from: '2024-01-01 00:00:00', valid_to: '2024-02-01 00:00:00', id_length: 32 },
      { name: 'Anna', valid_from: '2024-02-01 00:00:00', valid_to: '9999-12-31 00:00:00', id_length: 32 },
    ]);
  });

  it('leaves the snapshot as it was when a run fails, and refuses a table that is not a snapshot', async () => {
    const { schema, snapshot } = await customers({ unique_key: 'id', strategy: 'timestamp', updated_at: 'updated_at' }, `(1, 'Ann', '2024-01-01')`);
    await snapshot('run1');
    await db.query(`update "${schema}".raw_customers set name = 'Anna', updated_at = '2024-02-01'`);
    await db.query(`insert into "${schema}".raw_customers values (2, 'Bob', '2024-02-01')`);
    // Run 2 fails after closing id 1's version (a hook in the same transaction): nothing of it stays.
    const failing = buildModel(db, materializeSnapshot, {
      name: 'customers_snapshot',
      schema,
      sql: `select * from "${schema}".raw_customers`,
      config: { unique_key: 'id', strategy: 'timestamp', updated_at: 'updated_at' },
      runId: 'run2',
      postHooks: [{ sql: 'select 1 / 0', transaction: true }],
    });
    await expect(failing).rejects.toThrow(/division by zero/);
    expect(await selectRows(db, `select id, name, dbt_valid_to from "${schema}".customers_snapshot`)).toEqual([{ id: 1, name: 'Ann', dbt_valid_to: null }]);

    await db.query(`create table "${schema}".not_a_snapshot as select 1 as id, now() as updated_at`);
    const refused = buildModel(db, materializeSnapshot, {
      name: 'not_a_snapshot',
      schema,
      sql: 'select 1 as id, now() as updated_at',
      config: { unique_key: 'id', strategy: 'timestamp', updated_at: 'updated_at' },
    });
    await expect(refused).rejects.toBeInstanceOf(MaterializationConfigError);
    await expect(refused).rejects.toThrow(`model.demo.not_a_snapshot: ${schema}.not_a_snapshot is not a snapshot table: it has no column dbt_scd_id, dbt_updated_at, dbt_valid_from, dbt_valid_to`);
  });
});
