import { describe, expect, it } from 'vitest';
import { materializeMaterializedView } from './materialized-view.js';
import { fixedDatabaseState } from './testing/fixed-database-state.js';
import { materializeInput } from './testing/model-fixture.js';
import { planText } from './testing/plan-text.js';

const columns = [
  { name: 'day', data_type: 'date' },
  { name: 'revenue', data_type: 'numeric' },
];
const sql = 'select ordered_at as day, sum(amount) as revenue from raw.orders group by 1';
const indexes = [{ columns: ['day'], unique: true }];
const existing = {
  schema: 'marts',
  identifier: 'daily_revenue',
  kind: 'materialized_view' as const,
  columns,
  indexes: [{ name: 'old_day_idx', columns: ['day'], unique: true, method: 'btree' }],
  dependents: [{ name: { database: 'postgres', schema: 'marts', identifier: 'last_week' }, kind: 'view' as const, definition: ' SELECT * FROM marts.daily_revenue' }],
};

describe('materialized_view plans (golden SQL)', () => {
  it('creates the materialized view with its indexes', async () => {
    const input = materializeInput({ name: 'daily_revenue', schema: 'marts', sql, config: { indexes } });
    await expect(planText(await materializeMaterializedView(input, fixedDatabaseState({ queryColumns: columns })))).toMatchFileSnapshot(
      '__golden__/materialized-view-first-build.sql',
    );
  });

  it('refreshes it on later runs', async () => {
    const input = materializeInput({ name: 'daily_revenue', schema: 'marts', sql, config: { indexes } });
    const db = fixedDatabaseState({ queryColumns: columns, relations: [existing] });
    await expect(planText(await materializeMaterializedView(input, db))).toMatchFileSnapshot('__golden__/materialized-view-refresh.sql');
  });

  it('applies index changes in place, then refreshes', async () => {
    const input = materializeInput({ name: 'daily_revenue', schema: 'marts', sql, config: { indexes: [{ columns: ['revenue'] }] } });
    const db = fixedDatabaseState({ queryColumns: columns, relations: [existing] });
    await expect(planText(await materializeMaterializedView(input, db))).toMatchFileSnapshot('__golden__/materialized-view-index-change.sql');
  });

  it('rebuilds and swaps on --full-refresh, re-creating dependents', async () => {
    const input = materializeInput({ name: 'daily_revenue', schema: 'marts', sql, config: { indexes }, fullRefresh: true });
    const db = fixedDatabaseState({ queryColumns: columns, relations: [existing] });
    await expect(planText(await materializeMaterializedView(input, db))).toMatchFileSnapshot('__golden__/materialized-view-full-refresh.sql');
  });
});
