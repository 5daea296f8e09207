import { describe, expect, it } from 'vitest';
import { Kwargs } from '../runtime/values.js';
import { TemplateRelation } from './relation.js';

describe('TemplateRelation', () => {
  const orders = new TemplateRelation({ database: 'analytics', schema: 'shop', identifier: 'orders' }, 'table');

  it("prints its quoted name, or with --empty's limit a subquery aliased as dbt aliases it (dbt-adapters' test cases)", () => {
    expect(String(orders)).toBe('"analytics"."shop"."orders"');
    expect(String(orders.limited(0))).toBe('(select * from "analytics"."shop"."orders" where false limit 0) _dbt_limit_subq_orders');
    expect(String(orders.limited(1))).toBe('(select * from "analytics"."shop"."orders" limit 1) _dbt_limit_subq_orders');
  });

  it('keeps the limit through include, quote and incorporate, and its parts read as before', () => {
    const limited = orders.limited(0);
    expect(String(limited.include(new Kwargs({ database: false })))).toBe('(select * from "shop"."orders" where false limit 0) _dbt_limit_subq_orders');
    expect(limited.render()).toBe('"analytics"."shop"."orders"');
    expect([limited.schema, limited.identifier]).toEqual(['shop', 'orders']);
  });
});
