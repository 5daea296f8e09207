import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../adapters/adapter.js';
import { databaseStateFor } from '../adapters/database-state.js';
import { DatabaseError } from '../adapters/database-error.js';
import { openAdapter } from '../adapters/open-adapter.js';
import { makeRelation } from '../adapters/relation.js';
import { testTarget, testTargetKinds, uniqueSchemaName } from '../adapters/testing/test-targets.js';
import type { Plan } from '../materialize/plan.js';
import { materializeSeed } from '../materialize/seed.js';
import { materializeTable } from '../materialize/table.js';
import { materializeView } from '../materialize/view.js';
import { materializeInput, type ModelFixture } from '../materialize/testing/model-fixture.js';
import { testInput, testSeed } from '../materialize/testing-incremental/nodes.js';
import { runPlan } from './run-plan.js';

describe.each(testTargetKinds)('runPlan on %s', (kind) => {
  let adapter: Adapter;
  const schemas: string[] = [];
  const freshSchema = () => {
    const schema = uniqueSchemaName('strata_plan');
    schemas.push(schema);
    return schema;
  };
  const rows = async (sql: string) => (await adapter.withConnection((c) => c.query(sql))).rows;
  const plan = (materialize: typeof materializeTable, fixture: ModelFixture) => materialize(materializeInput(fixture), databaseStateFor(adapter));
  const relationsIn = async (schema: string) =>
    (await rows(`select relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where nspname = '${schema}' and relkind in ('r', 'v') order by 1`)).map(
      (r) => r.relname,
    );

  beforeAll(async () => {
    const { target, projectDir } = testTarget(kind);
    adapter = await openAdapter(target, { projectDir });
  });
  afterAll(async () => {
    if (!adapter) return;
    for (const schema of schemas) await adapter.withConnection((c) => c.query(`drop schema if exists "${schema}" cascade`));
    await adapter.close();
  });

  it("builds a table, reports dbt's adapter response and updates the catalog cache", async () => {
    const schema = freshSchema();
    expect(await adapter.catalog.getRelation({ schema, identifier: 'orders' })).toBeUndefined();
    const outcome = await runPlan(adapter, await plan(materializeTable, { name: 'orders', schema, sql: 'select g as id from generate_series(1, 3) g' }));
    expect(outcome).toEqual({ rowsAffected: 3, adapterResponse: { _message: 'SELECT 3', code: 'SELECT', rows_affected: 3 } });
    expect(await rows(`select id from "${schema}".orders order by id`)).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(await adapter.catalog.getRelation({ schema, identifier: 'orders' })).toMatchObject({ kind: 'table' });
    expect(await adapter.catalog.getColumns(makeRelation(adapter.database, schema, 'orders'))).toEqual([{ name: 'id', dataType: 'integer', ordinal: 1 }]);
  });

  it('leaves the previous table and its rows intact when a rebuild fails, naming the failing statement', async () => {
    const schema = freshSchema();
    await runPlan(adapter, await plan(materializeTable, { name: 'orders', schema, sql: 'select g as id from generate_series(1, 2) g' }));
    const failing = await plan(materializeTable, { name: 'orders', schema, sql: 'select g / (g - 2) as id from generate_series(1, 2) g', runId: 'run2' });
    const error = await runPlan(adapter, failing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    const failed = error as DatabaseError;
    expect(failed).toMatchObject({ sqlstate: '22012', message: 'division by zero' });
    const statement = failing.phases.flatMap((p) => p.statements).find((s) => s.sql === failed.sql);
    expect(statement?.purpose).toBe(failed.purpose);
    expect(failed.sql).toContain('g / (g - 2)');
    expect(await rows(`select id from "${schema}".orders order by id`)).toEqual([{ id: 1 }, { id: 2 }]);
    expect(await relationsIn(schema)).toEqual(['orders']);
    // The catalog still knows the old table (and its columns).
    expect(await adapter.catalog.getRelation({ schema, identifier: 'orders' })).toMatchObject({ kind: 'table' });
  });

  it('replaces a table by a view and the catalog then says view', async () => {
    const schema = freshSchema();
    await runPlan(adapter, await plan(materializeTable, { name: 'orders', schema, sql: 'select 1 as id' }));
    const outcome = await runPlan(adapter, await plan(materializeView, { name: 'orders', schema, sql: 'select 2 as id', runId: 'run2' }));
    expect(outcome.rowsAffected).toBeUndefined();
    expect(outcome.adapterResponse).toEqual({ _message: expect.any(String), code: expect.any(String), rows_affected: -1 });
    expect(await rows(`select id from "${schema}".orders`)).toEqual([{ id: 2 }]);
    expect(await adapter.catalog.getRelation({ schema, identifier: 'orders' })).toMatchObject({ kind: 'view' });
    expect(await relationsIn(schema)).toEqual(['orders']);
  });

  it('loads seed rows through COPY (PGlite from a blob, the server from STDIN)', async () => {
    const schema = freshSchema();
    const seedPlan = await materializeSeed(testInput(testSeed('people', schema), '', 'run1'), databaseStateFor(adapter), 'id,name\n1,Ann\n2,"Bo, Jr."\n');
    expect(seedPlan.phases.some((p) => p.statements.some((s) => s.copyFrom))).toBe(true);
    const outcome = await runPlan(adapter, seedPlan);
    expect(outcome.rowsAffected).toBe(2);
    expect(await rows(`select id, name from "${schema}".people order by id`)).toEqual([
      { id: 1, name: 'Ann' },
      { id: 2, name: 'Bo, Jr.' },
    ]);
  });

  it('reports a COPY that the database rejects with the statement and keeps the loaded seed', async () => {
    const schema = freshSchema();
    await runPlan(adapter, await materializeSeed(testInput(testSeed('codes', schema, { column_types: { code: 'inet' } }), '', 'run1'), databaseStateFor(adapter), 'code\n10.0.0.1\n'));
    const badAddress = await materializeSeed(testInput(testSeed('codes', schema, { column_types: { code: 'inet' } }), '', 'run2'), databaseStateFor(adapter), 'code\nnot-an-address\n');
    const error = await runPlan(adapter, badAddress).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).sqlstate).toBe('22P02');
    expect((error as DatabaseError).sql).toMatch(/^copy /i);
    expect((error as DatabaseError).purpose).toBeTruthy();
    expect(await rows(`select code from "${schema}".codes`)).toEqual([{ code: '10.0.0.1' }]);
  });

  it('runs a lone statement as its own transaction, without BEGIN and COMMIT round trips, and several in one', async () => {
    const schema = freshSchema();
    // statement_timestamp() is the transaction's start time only in the transaction's first statement
    // (PGlite's clock is coarse: a BEGIN just before would pass there too; the server tells them apart).
    const firstOfItsTransaction = 'select now() = statement_timestamp() as first_statement';
    const handMade: Plan = {
      target: { database: adapter.database, schema, identifier: 'lone' },
      phases: [
        { transactional: false, statements: [{ sql: `create schema "${schema}"`, purpose: 'create the schema' }] },
        { transactional: true, statements: [{ sql: `create table "${schema}".lone as ${firstOfItsTransaction}`, purpose: 'one statement' }] },
        {
          transactional: true,
          statements: [
            // A pause, so the pair's statements start later than the BEGIN even on a coarse clock.
            { sql: 'select pg_sleep(0.01)', purpose: 'pause' },
            { sql: `create table "${schema}".pair_1 as ${firstOfItsTransaction}`, purpose: 'first of two' },
            { sql: `create table "${schema}".pair_2 as ${firstOfItsTransaction}`, purpose: 'second of two' },
          ],
        },
      ],
      notes: [],
      creates: [],
      drops: [],
    };
    await runPlan(adapter, handMade);
    expect(await rows(`select first_statement from "${schema}".lone`)).toEqual([{ first_statement: true }]);
    // The statements after the pause ran in the transaction a BEGIN opened.
    expect(await rows(`select first_statement from "${schema}".pair_1`)).toEqual([{ first_statement: false }]);
    expect(await rows(`select first_statement from "${schema}".pair_2`)).toEqual([{ first_statement: false }]);
  });

  it('runs non-transactional statements one by one, keeping those that succeeded before a failure', async () => {
    const schema = freshSchema();
    const handMade: Plan = {
      target: { database: adapter.database, schema, identifier: 't' },
      phases: [
        { transactional: false, statements: [{ sql: `create schema "${schema}"`, purpose: 'create the schema' }, { sql: `create table "${schema}".t (id int)`, purpose: 'create t' }] },
        { transactional: true, statements: [{ sql: `insert into "${schema}".t values (1)`, purpose: 'add a row', countsRows: true }, { sql: 'select missing_column', purpose: 'fail' }] },
      ],
      notes: [],
      creates: [{ name: { database: adapter.database, schema, identifier: 't' }, kind: 'table' }],
      drops: [],
    };
    await expect(runPlan(adapter, handMade)).rejects.toMatchObject({ purpose: 'fail', sql: 'select missing_column', sqlstate: '42703' });
    expect(await rows(`select count(*)::int as n from "${schema}".t`)).toEqual([{ n: 0 }]);
    // The failure made the cache forget the schema, so it sees the table the first phase created.
    expect(await adapter.catalog.getRelation({ schema, identifier: 't' })).toMatchObject({ kind: 'table' });
  });
});

describe.runIf(process.env.STRATA_TEST_PG_URL)('runPlan on a server connection that breaks', () => {
  it('runs a transactional phase again, whole, on a fresh connection', async () => {
    const { target, projectDir } = testTarget('postgres', { retries: 2, retry_backoff: 0.01, threads: 1 });
    const adapter = await openAdapter(target, { projectDir });
    const schema = uniqueSchemaName('strata_plan');
    try {
      await adapter.withConnection((c) => c.query(`create schema "${schema}"; create table "${schema}".t (id int); create sequence "${schema}".attempts`));
      // The sequence survives the rollback: the first attempt ends its own session, the second goes through.
      const killFirstAttempt = `do $$ begin if nextval('"${schema}".attempts') = 1 then perform pg_terminate_backend(pg_backend_pid()); end if; end $$`;
      const outcome = await runPlan(adapter, {
        target: { database: adapter.database, schema, identifier: 't' },
        phases: [
          {
            transactional: true,
            statements: [
              { sql: `insert into "${schema}".t values (1)`, purpose: 'first row' },
              { sql: killFirstAttempt, purpose: 'break the first attempt' },
              { sql: `insert into "${schema}".t values (2)`, purpose: 'second row', countsRows: true },
            ],
          },
        ],
        notes: [],
        creates: [],
        drops: [],
      });
      expect(outcome.adapterResponse).toEqual({ _message: 'INSERT 0 1', code: 'INSERT', rows_affected: 1 });
      expect((await adapter.withConnection((c) => c.query(`select id from "${schema}".t order by id`))).rows).toEqual([{ id: 1 }, { id: 2 }]);
    } finally {
      await adapter.withConnection((c) => c.query(`drop schema if exists "${schema}" cascade`));
      await adapter.close();
    }
  });
});
