import { describe, expect, it } from 'vitest';
import { materializeTable } from './table.js';
import { fixedDatabaseState } from './testing/fixed-database-state.js';
import { materializeInput } from './testing/model-fixture.js';
import { planText } from './testing/plan-text.js';

const ordersColumns = [
  { name: 'id', data_type: 'integer' },
  { name: 'amount', data_type: 'numeric(10,2)' },
  { name: 'ordered_at', data_type: 'date' },
];

describe('table plans (golden SQL)', () => {
  it('builds a new table directly in place', async () => {
    const plan = await materializeTable(
      materializeInput({ name: 'orders', schema: 'analytics', sql: 'select 1 as id' }),
      fixedDatabaseState({}),
    );
    await expect(planText(plan)).toMatchFileSnapshot('__golden__/table-first-build.sql');
  });

  it('swaps a rebuilt table in, re-creating dependent views and cleaning leftovers', async () => {
    const input = materializeInput({
      name: 'orders',
      schema: 'analytics',
      sql: 'select id, amount, ordered_at from raw.orders;',
      description: "Orders, one row per order (it's the grain)",
      columns: [
        { name: 'id', description: 'Order id' },
        { name: 'amount', description: '' },
        { name: 'not_in_query', description: 'skipped' },
      ],
      config: {
        indexes: [{ columns: ['id'], unique: true }, { columns: ['ordered_at', 'Amount'], type: 'BRIN' }],
        grants: { select: ['reporter', 'BI'] },
        persist_docs: { relation: true, columns: true },
      },
      preHooks: [
        { sql: 'set local statement_timeout = 0', transaction: true },
        { sql: 'select 1 as before_begin', transaction: false },
      ],
      postHooks: [
        { sql: 'analyze analytics.orders', transaction: false },
        { sql: 'select 2 as in_transaction', transaction: true },
      ],
      ownedViews: new Map([['analytics.orders_by_day', 'select ordered_at, sum(amount) as amount from "analytics"."orders" group by 1']]),
    });
    const db = fixedDatabaseState({
      queryColumns: ordersColumns,
      relations: [
        {
          schema: 'analytics',
          identifier: 'orders',
          kind: 'table',
          dependents: [
            { name: { database: 'postgres', schema: 'analytics', identifier: 'orders_by_day' }, kind: 'view', definition: 'SELECT old definition' },
            { name: { database: 'postgres', schema: 'reporting', identifier: 'big_orders' }, kind: 'view', definition: ' SELECT orders.id\n   FROM analytics.orders\n  WHERE orders.amount > 100;' },
          ],
        },
        {
          schema: 'reporting',
          identifier: 'big_orders',
          kind: 'view',
          dependents: [{ name: { database: 'postgres', schema: 'reporting', identifier: 'big_orders_summary' }, kind: 'materialized_view', definition: ' SELECT count(*) AS n\n   FROM reporting.big_orders;' }],
        },
        { schema: 'analytics', identifier: 'orders__strata_tmp_crashed', kind: 'table' },
        { schema: 'analytics', identifier: 'orders__strata_backup_crashed', kind: 'table' },
        { schema: 'analytics', identifier: 'orders_by_day', kind: 'view' },
        { schema: 'analytics', identifier: 'orders_other__strata_tmp_x', kind: 'table' },
      ],
    });
    const plan = await materializeTable(input, db);
    await expect(planText(plan)).toMatchFileSnapshot('__golden__/table-replace.sql');
  });

  it('creates a contracted table from its declared columns and constraints, then inserts', async () => {
    const input = materializeInput({
      name: 'customers',
      schema: 'analytics',
      sql: 'select id, email, country_id from raw.customers',
      columns: [
        { name: 'id', data_type: 'int', constraints: [{ type: 'primary_key', name: 'customers_pk' }, { type: 'not_null' }] },
        { name: 'email', data_type: 'varchar(200)', constraints: [{ type: 'unique' }, { type: 'check', expression: "email like '%@%'" }] },
        { name: 'country_id', data_type: 'integer', constraints: [{ type: 'foreign_key', to: '"analytics"."countries"', to_columns: ['id'] }] },
      ],
      config: { contract: { enforced: true }, constraints: [{ type: 'check', expression: 'id > 0', name: 'positive_id' }] },
    });
    const db = fixedDatabaseState({
      queryColumns: [
        { name: 'id', data_type: 'integer' },
        { name: 'email', data_type: 'character varying(300)' },
        { name: 'country_id', data_type: 'integer' },
      ],
      relations: [{ schema: 'analytics', identifier: 'customers', kind: 'table' }],
    });
    await expect(planText(await materializeTable(input, db))).toMatchFileSnapshot('__golden__/table-contract.sql');
  });

  it('replaces a view of the same name with an unlogged table the same safe way', async () => {
    const input = materializeInput({ name: 'events', schema: 'analytics', sql: 'select 1 as id', config: { unlogged: true } });
    const db = fixedDatabaseState({ relations: [{ schema: 'analytics', identifier: 'events', kind: 'view' }] });
    await expect(planText(await materializeTable(input, db))).toMatchFileSnapshot('__golden__/table-unlogged-over-view.sql');
  });

  it('builds a range-partitioned table with a partition per month of the data', async () => {
    const input = materializeInput({
      name: 'orders',
      schema: 'analytics',
      sql: 'select id, amount, ordered_at from raw.orders',
      config: { partition_by: { field: 'ordered_at', granularity: 'month' } },
    });
    const db = fixedDatabaseState({ queryColumns: ordersColumns, relations: [{ schema: 'analytics', identifier: 'orders', kind: 'partitioned_table' }] });
    await expect(planText(await materializeTable(input, db))).toMatchFileSnapshot('__golden__/table-partitioned.sql');
  });
});
