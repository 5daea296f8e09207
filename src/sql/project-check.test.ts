import { describe, expect, it } from 'vitest';
import { checkCompiledProject, type CheckedNode } from './project-check.js';

function node(resource_type: string, name: string, sql: string, parents: string[] = []): CheckedNode {
  const folder = resource_type === 'test' ? 'tests' : 'models';
  return {
    unique_id: `${resource_type}.shop.${name}`,
    resource_type,
    name,
    schema: 'main',
    alias: name,
    original_file_path: `${folder}/${name}.sql`,
    compiled_path: `target/compiled/shop/${folder}/${name}.sql`,
    compiled_code: sql,
    depends_on: { nodes: parents },
  };
}

describe('checkCompiledProject', () => {
  it('reports syntax errors of models and tests, then missing columns, and keeps the lineage of the rest', async () => {
    const { errors, lineage } = await checkCompiledProject([
      node('model', 'stg_orders', 'select 1 as order_id, 2.5 as amount'),
      node('model', 'orders', 'select order_id, amont from "db"."main"."stg_orders"', ['model.shop.stg_orders']),
      node('model', 'broken', 'select order_id,, amount from "db"."main"."stg_orders"', ['model.shop.stg_orders']),
      node('test', 'assert_positive', 'select * from "db"."main"."orders" wher amount < 0', ['model.shop.orders']),
      node('test', 'assert_fine', 'select * from "db"."main"."orders" where amont < 0', ['model.shop.orders']),
    ]);
    expect(errors.map((e) => [e.code, e.where, e.message])).toEqual([
      ['sql_syntax', 'target/compiled/shop/models/broken.sql:1:17', 'SQL syntax error in models/broken.sql: syntax error at or near ","'],
      ['sql_syntax', 'target/compiled/shop/tests/assert_positive.sql:1:41', 'SQL syntax error in tests/assert_positive.sql: syntax error at or near "amount"'],
      [
        'sql_missing_column',
        'target/compiled/shop/models/orders.sql:1:18',
        'Column amont does not exist in model.shop.stg_orders (referenced by model.shop.orders in models/orders.sql)',
      ],
    ]);
    expect(lineage.columnLineage['model.shop.orders']).toEqual({
      order_id: { derives_from: [{ unique_id: 'model.shop.stg_orders', column: 'order_id' }] },
      amont: { derives_from: [], unresolved: 'column amont does not exist in model.shop.stg_orders' },
    });
  });
});
