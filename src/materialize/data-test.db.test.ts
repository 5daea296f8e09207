import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestQuery, failingRowsQuery, failureStorage, storeFailuresPlan, testOutcome, testSeverity, type DataTestConfig } from './data-test.js';
import { selectRows } from './testing/build-model.js';
import { runPlan } from './testing/run-plan.js';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from './testing/test-database.js';

describe.each(testDatabaseKinds)('data tests on %s', (kind) => {
  let db: TestDatabase;
  let schema: string;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    schema = db.freshSchema();
    await db.query(`create schema "${schema}"`);
    // 12 orders; ids 3, 6, 9 and 12 have no customer; region 'eu' is duplicated 3 times.
    await db.query(
      `create table "${schema}".orders as
       select g as id, case when g % 3 = 0 then null else g end as customer_id, case when g <= 3 then 'eu' else 'r' || g end as region
       from generate_series(1, 12) g`,
    );
  });
  afterAll(async () => {
    await db?.close();
  });

  /** Runs a test the way the executor will: the wrapper query, then the outcome of its one row. */
  async function runTest(compiledSql: string, config: DataTestConfig) {
    const { rows } = await db.query(buildTestQuery({ compiledSql, config }));
    expect(rows).toHaveLength(1);
    return testOutcome(rows[0] as never, testSeverity(config.severity));
  }

  const nullCustomers = () => `select * from "${schema}".orders where customer_id is null`;

  it('passes a test without failing rows, fails one with, counting them', async () => {
    expect(await runTest(`select * from "${schema}".orders where id is null`, {})).toEqual({ status: 'pass', failures: 0 });
    expect(await runTest(nullCustomers(), {})).toEqual({ status: 'fail', failures: 4 });
  });

  it('applies severity and the warn_if / error_if thresholds', async () => {
    expect(await runTest(nullCustomers(), { severity: 'warn' })).toEqual({ status: 'warn', failures: 4 });
    expect(await runTest(nullCustomers(), { warn_if: '>3', error_if: '>10' })).toEqual({ status: 'warn', failures: 4 });
    expect(await runTest(nullCustomers(), { warn_if: '>5', error_if: '>10' })).toEqual({ status: 'pass', failures: 4 });
    expect(await runTest(nullCustomers(), { error_if: '>=4' })).toEqual({ status: 'fail', failures: 4 });
    // Severity warn never fails, whatever error_if says.
    expect(await runTest(nullCustomers(), { severity: 'WARN', error_if: '>=1', warn_if: '>100' })).toEqual({ status: 'pass', failures: 4 });
  });

  it('counts with fail_calc, over at most `limit` rows', async () => {
    const duplicates = `select region, count(*) as n_records from "${schema}".orders group by region having count(*) > 1`;
    expect(await runTest(duplicates, { fail_calc: 'sum(n_records)' })).toEqual({ status: 'fail', failures: 3 });
    expect(await runTest(nullCustomers(), { limit: 2 })).toEqual({ status: 'fail', failures: 2 });
    // sum() over no rows is null: no failures.
    expect(await runTest(`${duplicates} and false`, { fail_calc: 'sum(n_records)' })).toEqual({ status: 'pass', failures: 0 });
  });

  it('shows the first failing rows', async () => {
    const rows = await selectRows(db, failingRowsQuery(`${nullCustomers()} order by id;`, 2));
    expect(rows).toEqual([
      { id: 3, customer_id: null, region: 'eu' },
      { id: 6, customer_id: null, region: 'r6' },
    ]);
  });

  it('stores the failing rows, replacing those of the previous run', async () => {
    const target = { database: 'postgres', schema: `${schema}_test_failures`, identifier: 'not_null_orders_customer_id' };
    // Its own copy of the orders, since this test changes them.
    await db.query(`create table "${schema}".orders_to_fix as select * from "${schema}".orders`);
    const failing = `select * from "${schema}".orders_to_fix where customer_id is null`;
    const stored = () => selectRows(db, `select id, region from "${target.schema}"."${target.identifier}" order by id`);
    try {
      await runPlan(storeFailuresPlan({ compiledSql: failing, target, runId: 'run1' }), db.query);
      expect((await stored()).map((row) => row.id)).toEqual([3, 6, 9, 12]);
      await db.query(`update "${schema}".orders_to_fix set customer_id = 0 where id in (3, 6)`);
      await runPlan(storeFailuresPlan({ compiledSql: failing, target, runId: 'run2' }), db.query);
      expect(await stored()).toEqual([
        { id: 9, region: 'r9' },
        { id: 12, region: 'r12' },
      ]);
      // The stored rows are what the test counts when run on them.
      expect(await runTest(`select * from "${target.schema}"."${target.identifier}"`, {})).toEqual({ status: 'fail', failures: 2 });
      const tables = await selectRows(db, `select relname::text from pg_class c join pg_namespace n on n.oid = c.relnamespace where nspname = '${target.schema}' and relkind = 'r'`);
      expect(tables).toEqual([{ relname: 'not_null_orders_customer_id' }]);
    } finally {
      await db.query(`drop schema if exists "${target.schema}" cascade`);
    }
  });

  it('keeps the failures as a view of the test when store_failures_as is view, and switches between view and table', async () => {
    const target = { database: 'postgres', schema: `${schema}_audit_views`, identifier: 'not_null_orders_customer_id' };
    const kindNow = async () =>
      (await selectRows(db, `select relkind::text as kind from pg_class c join pg_namespace n on n.oid = c.relnamespace where nspname = '${target.schema}'`)).map((row) => row.kind);
    const stored = async () => (await selectRows(db, `select id from "${target.schema}"."${target.identifier}" order by id`)).map((row) => row.id);
    await db.query(`create table "${schema}".orders_live as select * from "${schema}".orders`);
    const failing = `select * from "${schema}".orders_live where customer_id is null`;
    try {
      await runPlan(storeFailuresPlan({ compiledSql: failing, target, runId: 'v1', as: 'view' }), db.query);
      expect(await kindNow()).toEqual(['v']);
      expect(await stored()).toEqual([3, 6, 9, 12]);
      // A view shows the failures as they are now.
      await db.query(`update "${schema}".orders_live set customer_id = 0 where id = 3`);
      expect(await stored()).toEqual([6, 9, 12]);
      await runPlan(storeFailuresPlan({ compiledSql: failing, target, runId: 't1', as: 'table', existing: 'view' }), db.query);
      expect(await kindNow()).toEqual(['r']);
      await runPlan(storeFailuresPlan({ compiledSql: failing, target, runId: 'v2', as: 'view', existing: 'table' }), db.query);
      expect(await kindNow()).toEqual(['v']);
      expect(await stored()).toEqual([6, 9, 12]);
    } finally {
      await db.query(`drop schema if exists "${target.schema}" cascade`);
    }
  });
});

describe('which failures a test keeps', () => {
  it('follows store_failures_as when set, else store_failures, else the --store-failures flag', () => {
    expect(failureStorage({ store_failures_as: 'view' }, false)).toBe('view');
    expect(failureStorage({ store_failures_as: 'table', store_failures: false }, false)).toBe('table');
    expect(failureStorage({ store_failures_as: 'ephemeral', store_failures: true }, true)).toBeUndefined();
    expect(failureStorage({ store_failures: true }, false)).toBe('table');
    expect(failureStorage({ store_failures: false }, true)).toBeUndefined();
    expect(failureStorage({}, true)).toBe('table');
    expect(failureStorage({}, false)).toBeUndefined();
  });
});
