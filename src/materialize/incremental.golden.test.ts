import { describe, expect, it } from 'vitest';
import { materializeIncremental } from './incremental.js';
import { planMicrobatch } from './incremental-microbatch.js';
import type { ColumnState, DatabaseState } from './plan.js';
import { planText } from './testing-incremental/plan-text.js';
import { testInput, testModel } from './testing-incremental/nodes.js';

const tableColumns: ColumnState[] = [
  { name: 'id', data_type: 'integer' },
  { name: 'status', data_type: 'text' },
  { name: 'updated_at', data_type: 'timestamp without time zone' },
];

/** A database holding analytics.orders with tableColumns; the query returns `queryColumns`. */
function fixedState(options: { queryColumns?: ColumnState[]; version?: number; exists?: boolean } = {}): DatabaseState {
  return {
    relation: async (name) => (options.exists === false ? undefined : { name, kind: 'table' }),
    columns: async () => tableColumns,
    queryColumns: async () => options.queryColumns ?? tableColumns,
    dependentViews: async () => [],
    serverVersionNum: async () => options.version ?? 180000,
    listRelations: async () => [],
    indexes: async () => [{ name: 'orders_pk', columns: ['id'], unique: true, method: 'btree' }],
  };
}

const sql = `select id, status, updated_at from "raw"."orders"\nwhere updated_at > (select max(updated_at) from "analytics"."orders")`;

async function golden(config: Record<string, unknown>, state: DatabaseState): Promise<string> {
  return planText(await materializeIncremental(testInput(testModel('orders', 'analytics', config), sql, 'run1'), state));
}

describe('incremental plans (golden)', () => {
  it('append', async () => {
    await expect(await golden({}, fixedState())).toMatchFileSnapshot('./__golden__/incremental-append.sql');
  });
  it('delete+insert with a composite key and a predicate', async () => {
    const config = { unique_key: ['id', 'status'], incremental_predicates: ["DBT_INTERNAL_DEST.updated_at > now() - interval '7 days'"] };
    await expect(await golden(config, fixedState())).toMatchFileSnapshot('./__golden__/incremental-delete-insert.sql');
  });
  it('merge with MERGE (PostgreSQL 15+)', async () => {
    await expect(await golden({ unique_key: 'id', incremental_strategy: 'merge', merge_exclude_columns: ['status'] }, fixedState())).toMatchFileSnapshot(
      './__golden__/incremental-merge.sql',
    );
  });
  it('merge with ON CONFLICT (before PostgreSQL 15)', async () => {
    await expect(await golden({ unique_key: 'id', incremental_strategy: 'merge' }, fixedState({ version: 140000 }))).toMatchFileSnapshot(
      './__golden__/incremental-merge-on-conflict.sql',
    );
  });
  it('sync_all_columns', async () => {
    const queryColumns = [
      { name: 'id', data_type: 'bigint' },
      { name: 'updated_at', data_type: 'timestamp without time zone' },
      { name: 'amount', data_type: 'numeric(10,2)' },
    ];
    await expect(await golden({ unique_key: 'id', on_schema_change: 'sync_all_columns' }, fixedState({ queryColumns }))).toMatchFileSnapshot(
      './__golden__/incremental-sync-all-columns.sql',
    );
  });
  it('microbatch: first run from begin, one transaction per day', async () => {
    const node = testModel('orders', 'analytics', { incremental_strategy: 'microbatch', event_time: 'updated_at', batch_size: 'day', begin: '2024-03-01', unique_key: 'id' });
    const input = { ...testInput(node, 'select id, status, updated_at from "raw"."orders"', 'run1'), now: new Date('2024-03-02T08:00:00Z') };
    const plan = await planMicrobatch(input, fixedState({ exists: false }));
    const text = [`-- setup`, planText(plan.setup), ...plan.batches.map((b) => `-- batch ${b.window.id}\n${planText(b.plan)}`)].join('\n');
    await expect(text).toMatchFileSnapshot('./__golden__/incremental-microbatch.sql');
  });
});
