import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseState } from '../materialize/plan.js';
import type { Adapter } from './adapter.js';
import { databaseStateFor } from './database-state.js';
import { DatabaseError } from './database-error.js';
import { openAdapter } from './open-adapter.js';
import { testTarget, testTargetKinds, uniqueSchemaName } from './testing/test-targets.js';

describe.each(testTargetKinds)('databaseStateFor on %s', (kind) => {
  let adapter: Adapter;
  let state: DatabaseState;
  let schema: string;
  const sql = (text: string) => adapter.withConnection((c) => c.query(text));
  const name = (identifier: string) => ({ database: adapter.database, schema, identifier });

  beforeAll(async () => {
    const { target, projectDir } = testTarget(kind);
    adapter = await openAdapter(target, { projectDir });
    state = databaseStateFor(adapter);
    schema = uniqueSchemaName('strata_state');
    await sql(`create schema "${schema}";
      create table "${schema}".orders (id int primary key, amount numeric(10,2), note varchar(20));
      create index orders_note_amount on "${schema}".orders using btree (note, amount);
      create view "${schema}".big_orders as select id, amount from "${schema}".orders where amount > 10;
      comment on view "${schema}".big_orders is 'the big ones';
      create view "${schema}".big_order_ids as select id from "${schema}".big_orders;
      create materialized view "${schema}".order_total as select sum(amount) as total from "${schema}".orders;
      do $$ begin create role strata_test_reader; exception when duplicate_object then null; end $$;
      grant select, insert on "${schema}".orders to strata_test_reader;
      grant select on "${schema}".orders to public`);
  });
  afterAll(async () => {
    if (!adapter) return;
    await sql(`drop schema if exists "${schema}" cascade`);
    await adapter.close();
  });

  it('answers relation, columns, schemaExists and listRelations', async () => {
    expect(await state.relation(name('orders'))).toEqual({ name: name('orders'), kind: 'table' });
    expect(await state.relation(name('big_orders'))).toEqual({ name: name('big_orders'), kind: 'view' });
    expect(await state.relation(name('order_total'))).toEqual({ name: name('order_total'), kind: 'materialized_view' });
    expect(await state.relation(name('missing'))).toBeUndefined();
    expect(await state.columns(name('orders'))).toEqual([
      { name: 'id', data_type: 'integer' },
      { name: 'amount', data_type: 'numeric(10,2)' },
      { name: 'note', data_type: 'character varying(20)' },
    ]);
    expect(await state.columns(name('missing'))).toEqual([]);
    expect(await state.schemaExists!(schema)).toBe(true);
    expect(await state.schemaExists!(`${schema}_missing`)).toBe(false);
    expect((await state.listRelations!(schema)).map((r) => `${r.name.identifier}:${r.kind}`)).toEqual([
      'big_order_ids:view',
      'big_orders:view',
      'order_total:materialized_view',
      'orders:table',
    ]);
    // With a test on the identifier, only the relations it accepts.
    expect((await state.listRelations!(schema, (identifier) => identifier.startsWith('big_'))).map((r) => r.name.identifier).sort()).toEqual(['big_order_ids', 'big_orders']);
  });

  it('answers relations from the catalog cache, which the executor keeps current', async () => {
    expect(await state.relation(name('made_behind_its_back'))).toBeUndefined();
    await sql(`create table "${schema}".made_behind_its_back (id int)`);
    // Still cached: strata tells the catalog about what it builds (runPlan does), not about others' changes.
    expect(await state.relation(name('made_behind_its_back'))).toBeUndefined();
    adapter.catalog.forgetSchema(schema);
    expect(await state.relation(name('made_behind_its_back'))).toEqual({ name: name('made_behind_its_back'), kind: 'table' });
  });

  it('types the columns of a query without running it or leaving anything behind', async () => {
    const columns = await state.queryColumns(`select id, amount * 2 as doubled, note::text, 1 / 0 as boom from "${schema}".orders;`);
    expect(columns).toEqual([
      { name: 'id', data_type: 'integer' },
      { name: 'doubled', data_type: 'numeric' },
      { name: 'note', data_type: 'text' },
      { name: 'boom', data_type: 'integer' },
    ]);
    const leftovers = await sql(`select count(*)::int as n from pg_class where relname like 'strata_query%'`);
    expect(leftovers.rows).toEqual([{ n: 0 }]);
  });

  it('reports a query that does not compile as a DatabaseError, and the connection stays usable', async () => {
    await expect(state.queryColumns('select nope from nowhere_at_all')).rejects.toBeInstanceOf(DatabaseError);
    expect(await state.queryColumns('select 1 as one')).toEqual([{ name: 'one', data_type: 'integer' }]);
  });

  it("prints a query as PostgreSQL prints a view's definition, so an unchanged query compares equal", async () => {
    const stored = await state.viewDefinition!(name('big_orders'));
    expect(stored).toContain(`FROM ${schema}.orders`);
    expect(await state.queryDefinition!(`select id, amount from "${schema}".orders where amount > 10`)).toBe(stored);
    expect(await state.queryDefinition!(`select id, amount from "${schema}".orders where amount > 11`)).not.toBe(stored);
    expect(await state.viewDefinition!(name('orders'))).toBeUndefined();
  });

  it('lists the views reading a relation directly, with definition and comment', async () => {
    const direct = await state.dependentViews(name('orders'));
    expect(direct.map((v) => [v.name.identifier, v.kind, v.comment])).toEqual([
      ['big_orders', 'view', 'the big ones'],
      ['order_total', 'materialized_view', undefined],
    ]);
    expect(direct[0]!.definition).toContain(`FROM ${schema}.orders`);
    expect((await state.dependentViews(name('big_orders'))).map((v) => v.name.identifier)).toEqual(['big_order_ids']);
  });

  it('answers indexes, grants and the server version number', async () => {
    expect(await state.indexes!(name('orders'))).toEqual([
      { name: 'orders_note_amount', columns: ['note', 'amount'], unique: false, method: 'btree' },
      { name: 'orders_pkey', columns: ['id'], unique: true, method: 'btree' },
    ]);
    expect(await state.grants!(name('orders'))).toEqual({ insert: ['strata_test_reader'], select: ['public', 'strata_test_reader'] });
    expect(await state.serverVersionNum()).toBeGreaterThanOrEqual(kind === 'pglite' ? 180000 : 150000);
  });
});
