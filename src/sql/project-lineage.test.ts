import { describe, expect, it } from 'vitest';
import { projectLineage, type LineageInputNode } from './project-lineage.js';

function model(name: string, sql: string, parents: string[], extra: Partial<LineageInputNode> = {}): LineageInputNode {
  return {
    unique_id: `model.shop.${name}`,
    resource_type: 'model',
    name,
    schema: 'main',
    alias: name,
    compiled_code: sql,
    depends_on: { nodes: parents },
    config: { materialized: 'view' },
    ...extra,
  };
}

const seed: LineageInputNode = { unique_id: 'seed.shop.payments', resource_type: 'seed', name: 'payments', schema: 'main', alias: 'payments', depends_on: { nodes: [] } };
const source: LineageInputNode = {
  unique_id: 'source.shop.raw.orders',
  resource_type: 'source',
  name: 'orders',
  schema: 'raw',
  identifier: 'orders',
  // Declared in YAML with the case the author typed: PostgreSQL folds it.
  columns: { Order_ID: { name: 'Order_ID' }, amount: { name: 'amount' }, customer_id: { name: 'customer_id' } },
};

// Children listed before their parents: the order of the input must not matter.
const nodes: LineageInputNode[] = [
  model(
    'customer_payments',
    `select o.customer_id, sum(p.amount) as paid, count(distinct o.order_id) as orders
     from "db"."main"."stg_orders" o join "db"."main"."payments" p on p.order_id = o.order_id group by 1`,
    ['model.shop.stg_orders', 'seed.shop.payments'],
  ),
  model('order_copy', `select * from "db"."main"."stg_orders"`, ['model.shop.stg_orders']),
  model('stg_orders', `select order_id, customer_id, amount::numeric as amount from "db"."raw"."orders"`, ['source.shop.raw.orders']),
  model('raw_passthrough', `select * from "db"."raw"."orders"`, ['source.shop.raw.orders']),
  model('broken', `select from where`, []),
  seed,
  source,
];

describe('projectLineage', () => {
  it('infers a model’s columns from its SQL and expands the * of its children from them', async () => {
    const result = await projectLineage(nodes, { knownColumns: { 'seed.shop.payments': ['payment_id', 'order_id', 'amount'] } });
    expect(result.columnLineage['model.shop.order_copy']).toEqual({
      order_id: { derives_from: [{ unique_id: 'model.shop.stg_orders', column: 'order_id' }] },
      customer_id: { derives_from: [{ unique_id: 'model.shop.stg_orders', column: 'customer_id' }] },
      amount: { derives_from: [{ unique_id: 'model.shop.stg_orders', column: 'amount' }] },
    });
    expect(result.knownColumns['model.shop.stg_orders']).toEqual({ columns: ['order_id', 'customer_id', 'amount'], exact: true });
    expect(result.columnLineage['model.shop.customer_payments']).toEqual({
      customer_id: { derives_from: [{ unique_id: 'model.shop.stg_orders', column: 'customer_id' }] },
      paid: { derives_from: [{ unique_id: 'seed.shop.payments', column: 'amount' }] },
      orders: { derives_from: [{ unique_id: 'model.shop.stg_orders', column: 'order_id' }] },
    });
    expect(result.columnLineage['model.shop.stg_orders']!.order_id).toEqual({ derives_from: [{ unique_id: 'source.shop.raw.orders', column: 'order_id' }] });
  });

  it('lists a source’s YAML columns for * and keeps the rest marked unknown, down to the children', async () => {
    const result = await projectLineage(nodes);
    expect(result.columnLineage['model.shop.raw_passthrough']).toEqual({
      order_id: { derives_from: [{ unique_id: 'source.shop.raw.orders', column: 'order_id' }] },
      amount: { derives_from: [{ unique_id: 'source.shop.raw.orders', column: 'amount' }] },
      customer_id: { derives_from: [{ unique_id: 'source.shop.raw.orders', column: 'customer_id' }] },
      '*': { derives_from: [], unresolved: 'the columns of source.shop.raw.orders are known only as declared in YAML' },
    });
    expect(result.knownColumns['model.shop.raw_passthrough']).toEqual({ columns: ['order_id', 'amount', 'customer_id'], exact: false });
    // Without the seed's header, its columns are unknown: named references still trace, nothing is called missing.
    expect(result.models['model.shop.customer_payments']!.missingColumns).toEqual([]);
  });

  it('skips nodes whose SQL does not parse and names them', async () => {
    const result = await projectLineage(nodes);
    expect(result.syntaxIssues).toEqual({
      'model.shop.broken': { message: 'syntax error at or near "where"', line: 1, column: 13, excerpt: 'select from where\n            ^' },
    });
    expect(result.columnLineage['model.shop.broken']).toBeUndefined();
  });

  it('stops at ephemeral models inlined as CTEs, and adds the snapshot columns', async () => {
    const result = await projectLineage([
      source,
      model('big_orders', `select order_id, amount from "db"."raw"."orders" where amount > 100`, ['source.shop.raw.orders'], {
        config: { materialized: 'ephemeral' },
      }),
      model(
        'big_order_ids',
        `with __dbt__cte__big_orders as (select order_id, amount from "db"."raw"."orders" where amount > 100)
         select order_id from __dbt__cte__big_orders`,
        ['model.shop.big_orders'],
      ),
      {
        ...model('orders_snapshot', `select * from "db"."main"."big_order_ids"`, ['model.shop.big_order_ids']),
        unique_id: 'snapshot.shop.orders_snapshot',
        resource_type: 'snapshot',
        config: { materialized: 'snapshot' },
      },
    ]);
    expect(result.columnLineage['model.shop.big_order_ids']).toEqual({
      order_id: { derives_from: [{ unique_id: 'model.shop.big_orders', column: 'order_id' }] },
    });
    expect(Object.keys(result.columnLineage['snapshot.shop.orders_snapshot']!)).toEqual([
      'order_id',
      'dbt_scd_id',
      'dbt_updated_at',
      'dbt_valid_from',
      'dbt_valid_to',
    ]);
  });

  it('returns only the declared columns for a project without SQL models', async () => {
    const result = await projectLineage([seed, source]);
    expect(result).toEqual({
      columnLineage: {},
      models: {},
      knownColumns: { 'source.shop.raw.orders': { columns: ['order_id', 'amount', 'customer_id'], exact: false } },
      syntaxIssues: {},
    });
  });
});
