import { describe, expect, it } from 'vitest';
import type { ColumnLineageMap } from './project-lineage.js';
import { formatTraceTree, traceColumn } from './trace.js';

const src = (unique_id: string, column: string) => ({ unique_id, column });

/** raw.orders → stg_orders → orders → customer_ltv, with a window influence and a partly known passthrough. */
const lineage: Record<string, ColumnLineageMap> = {
  'model.shop.stg_orders': {
    order_id: { derives_from: [src('source.shop.raw.orders', 'id')] },
    amount: { derives_from: [src('source.shop.raw.orders', 'amount_cents')] },
    customer_id: { derives_from: [src('source.shop.raw.orders', 'customer_id')] },
  },
  'model.shop.orders': {
    order_id: { derives_from: [src('model.shop.stg_orders', 'order_id')] },
    net: { derives_from: [src('model.shop.stg_orders', 'amount'), src('seed.shop.refunds', 'amount')] },
    rank: { derives_from: [], influenced_by: [src('model.shop.stg_orders', 'amount'), src('model.shop.stg_orders', 'customer_id')] },
  },
  'model.shop.customer_ltv': {
    ltv: { derives_from: [src('model.shop.orders', 'net')] },
    best_net: { derives_from: [src('model.shop.orders', 'net')], unresolved: 'the columns of source.shop.raw.extra are unknown' },
  },
  'model.shop.passthrough': {
    '*': { derives_from: [], unresolved: 'the columns of source.shop.raw.events are unknown' },
  },
};

describe('traceColumn', () => {
  it('prints the upstream tree of a column down to sources and seeds', () => {
    const tree = traceColumn(lineage, 'model.shop.customer_ltv', 'ltv', 'upstream');
    expect(formatTraceTree(tree)).toBe(
      [
        'model.shop.customer_ltv.ltv',
        '└── model.shop.orders.net',
        '    ├── model.shop.stg_orders.amount',
        '    │   └── source.shop.raw.orders.amount_cents',
        '    └── seed.shop.refunds.amount',
      ].join('\n'),
    );
  });

  it('prints the downstream tree, showing a column reached twice once', () => {
    const tree = traceColumn(lineage, 'source.shop.raw.orders', 'amount_cents', 'downstream');
    expect(formatTraceTree(tree)).toBe(
      [
        'source.shop.raw.orders.amount_cents',
        '└── model.shop.stg_orders.amount',
        '    └── model.shop.orders.net',
        '        ├── model.shop.customer_ltv.best_net',
        '        └── model.shop.customer_ltv.ltv',
      ].join('\n'),
    );
    const twice = traceColumn(
      { ...lineage, 'model.shop.report': { total: { derives_from: [src('model.shop.orders', 'net'), src('model.shop.customer_ltv', 'ltv')] } } },
      'model.shop.orders',
      'net',
      'downstream',
    );
    expect(formatTraceTree(twice)).toBe(
      [
        'model.shop.orders.net',
        '├── model.shop.customer_ltv.best_net',
        '├── model.shop.customer_ltv.ltv',
        '│   └── model.shop.report.total',
        '└── model.shop.report.total (see above)',
      ].join('\n'),
    );
  });

  it('follows influences only when asked, and marks them', () => {
    expect(traceColumn(lineage, 'model.shop.orders', 'rank', 'upstream').children).toEqual([]);
    const tree = traceColumn(lineage, 'model.shop.orders', 'rank', 'upstream', { includeInfluences: true });
    expect(formatTraceTree(tree)).toBe(
      [
        'model.shop.orders.rank',
        '├── model.shop.stg_orders.amount (influences)',
        '│   └── source.shop.raw.orders.amount_cents',
        '└── model.shop.stg_orders.customer_id (influences)',
        '    └── source.shop.raw.orders.customer_id',
      ].join('\n'),
    );
    const downstream = traceColumn(lineage, 'model.shop.stg_orders', 'customer_id', 'downstream', { includeInfluences: true });
    expect(downstream.children).toEqual([{ unique_id: 'model.shop.orders', column: 'rank', link: 'influences', children: [] }]);
  });

  it('says where the trace stops because lineage is unresolved or the column is unknown', () => {
    expect(traceColumn(lineage, 'model.shop.customer_ltv', 'best_net', 'upstream').unresolved).toBe('the columns of source.shop.raw.extra are unknown');
    expect(formatTraceTree(traceColumn(lineage, 'model.shop.passthrough', 'event_id', 'upstream'))).toBe(
      'model.shop.passthrough.event_id (unresolved: the columns of source.shop.raw.events are unknown)',
    );
    expect(traceColumn(lineage, 'model.shop.orders', 'nope', 'upstream')).toEqual({
      unique_id: 'model.shop.orders',
      column: 'nope',
      unresolved: 'model.shop.orders has no column nope',
      children: [],
    });
  });

  it('stops at a cycle instead of looping', () => {
    const cyclic: Record<string, ColumnLineageMap> = {
      'model.a': { x: { derives_from: [src('model.b', 'x')] } },
      'model.b': { x: { derives_from: [src('model.a', 'x')] } },
    };
    expect(formatTraceTree(traceColumn(cyclic, 'model.a', 'x', 'upstream'))).toBe(['model.a.x', '└── model.b.x', '    └── model.a.x (see above)'].join('\n'));
  });
});
