import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { materializeMaterializedView } from './materialized-view.js';
import { buildModel, selectRows } from './testing/build-model.js';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from './testing/test-database.js';

describe.each(testDatabaseKinds)('materialized_view materialization on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });

  async function indexDefinitions(schema: string, relation: string): Promise<unknown[]> {
    const rows = await selectRows(
      db,
      `select regexp_replace(indexdef, 'INDEX \\S+ ON \\S+', 'INDEX ON') as def from pg_indexes where schemaname = '${schema}' and tablename = '${relation}' order by 1`,
    );
    return rows.map((row) => row.def);
  }

  it('creates it, then refreshes it with the source data of the second run', async () => {
    const schema = db.freshSchema();
    await db.query(`create schema "${schema}"; create table "${schema}".raw_orders as select 1 as id, 10 as amount`);
    const model = { name: 'revenue', schema, sql: `select sum(amount)::int as total from "${schema}".raw_orders`, config: { indexes: [{ columns: ['total'] }] } };
    await buildModel(db, materializeMaterializedView, model);
    await db.query(`insert into "${schema}".raw_orders values (2, 32)`);
    await db.query(`create view "${schema}".revenue_copy as select total from "${schema}".revenue`);
    const plan = await buildModel(db, materializeMaterializedView, { ...model, runId: 'run2' });
    expect(plan.phases.flatMap((phase) => phase.statements.map((s) => s.purpose))).toContain('refresh revenue');
    expect(await selectRows(db, `select total from "${schema}".revenue_copy`)).toEqual([{ total: 42 }]);
    expect(await indexDefinitions(schema, 'revenue')).toEqual(['CREATE INDEX ON USING btree (total)']);
  });

  it('rebuilds and swaps on --full-refresh and when the columns change, re-creating dependents', async () => {
    const schema = db.freshSchema();
    await buildModel(db, materializeMaterializedView, { name: 'totals', schema, sql: 'select 1 as n' });
    await db.query(`create view "${schema}".totals_copy as select n from "${schema}".totals`);
    const rebuilt = await buildModel(db, materializeMaterializedView, { name: 'totals', schema, sql: 'select 2 as n', runId: 'run2', fullRefresh: true });
    expect(rebuilt.notes).toEqual(['rebuilt the materialized view totals: full refresh', `re-created 1 dependent view: ${schema}.totals_copy`]);
    expect(await selectRows(db, `select n from "${schema}".totals_copy`)).toEqual([{ n: 2 }]);
    const changed = await buildModel(db, materializeMaterializedView, { name: 'totals', schema, sql: "select 3 as n, 'x' as label", runId: 'run3' });
    expect(changed.notes[0]).toBe('rebuilt the materialized view totals: columns were added');
    expect(await selectRows(db, `select n, label from "${schema}".totals`)).toEqual([{ n: 3, label: 'x' }]);
  });

  it('rebuilds when the query changed even though the columns did not', async () => {
    const schema = db.freshSchema();
    await buildModel(db, materializeMaterializedView, { name: 'totals', schema, sql: 'select 1 as n' });
    const same = await buildModel(db, materializeMaterializedView, { name: 'totals', schema, sql: 'select 1 as n', runId: 'run2' });
    expect(same.notes).toEqual([]);
    const edited = await buildModel(db, materializeMaterializedView, { name: 'totals', schema, sql: 'select 1 + 1 as n', runId: 'run3' });
    expect(edited.notes).toEqual(['rebuilt the materialized view totals: its query changed']);
    expect(await selectRows(db, `select n from "${schema}".totals`)).toEqual([{ n: 2 }]);
  });

  it('applies index config changes in place', async () => {
    const schema = db.freshSchema();
    const model = { name: 'totals', schema, sql: "select 1 as n, 'a' as label" };
    await buildModel(db, materializeMaterializedView, { ...model, config: { indexes: [{ columns: ['n'], unique: true }] } });
    const plan = await buildModel(db, materializeMaterializedView, { ...model, config: { indexes: [{ columns: ['label'], type: 'hash' }] }, runId: 'run2' });
    expect(plan.notes).toEqual(['applied index changes: 1 created, 1 dropped']);
    expect(await indexDefinitions(schema, 'totals')).toEqual(['CREATE INDEX ON USING hash (label)']);
  });
});
