import { describe, expect, it } from 'vitest';
import { materializeSnapshot } from './snapshot.js';
import { fixedDatabaseState } from './testing/fixed-database-state.js';
import { materializeInput } from './testing/model-fixture.js';
import { planText } from './testing/plan-text.js';

const sourceColumns = [
  { name: 'id', data_type: 'integer' },
  { name: 'name', data_type: 'character varying(40)' },
  { name: 'updated_at', data_type: 'timestamp without time zone' },
];
const metaColumns = [
  { name: 'dbt_scd_id', data_type: 'text' },
  { name: 'dbt_updated_at', data_type: 'timestamp without time zone' },
  { name: 'dbt_valid_from', data_type: 'timestamp without time zone' },
  { name: 'dbt_valid_to', data_type: 'timestamp without time zone' },
];
const timestampConfig = { materialized: 'snapshot', unique_key: 'id', strategy: 'timestamp', updated_at: 'updated_at' };

describe('snapshot plans (golden SQL)', () => {
  it('first run: creates the table, every row its first version', async () => {
    const input = materializeInput({
      name: 'customers_snapshot',
      schema: 'dbt_alice',
      sql: 'select * from raw.customers',
      config: { ...timestampConfig, target_schema: 'snapshots', grants: { select: ['reporter'] }, indexes: [{ columns: ['id'] }] },
    });
    const plan = await materializeSnapshot(input, fixedDatabaseState({ queryColumns: sourceColumns }));
    expect(plan.target.schema).toBe('snapshots');
    await expect(planText(plan)).toMatchFileSnapshot('__golden__/snapshot-first-run.sql');
  });

  it('later run, timestamp strategy: adds the new column, widens a varchar, stages, closes and inserts in one transaction', async () => {
    const input = materializeInput({ name: 'customers_snapshot', schema: 'snapshots', sql: 'select * from raw.customers', config: timestampConfig });
    const db = fixedDatabaseState({
      queryColumns: [...sourceColumns, { name: 'email', data_type: 'text' }],
      relations: [
        {
          schema: 'snapshots',
          identifier: 'customers_snapshot',
          kind: 'table',
          columns: [{ name: 'id', data_type: 'integer' }, { name: 'name', data_type: 'character varying(20)' }, { name: 'updated_at', data_type: 'timestamp without time zone' }, ...metaColumns],
        },
      ],
    });
    await expect(planText(await materializeSnapshot(input, db))).toMatchFileSnapshot('__golden__/snapshot-timestamp.sql');
  });

  it('later run, check strategy on a composite key with hard_deletes new_record, renamed meta columns and dbt_valid_to_current', async () => {
    const input = materializeInput({
      name: 'prices_snapshot',
      schema: 'snapshots',
      sql: 'select sku, region, price from raw.prices',
      config: {
        materialized: 'snapshot',
        unique_key: ['sku', 'region'],
        strategy: 'check',
        check_cols: ['price'],
        hard_deletes: 'new_record',
        dbt_valid_to_current: "'9999-12-31'::timestamp",
        snapshot_meta_column_names: { dbt_valid_from: 'valid_from', dbt_valid_to: 'valid_to' },
      },
    });
    const db = fixedDatabaseState({
      queryColumns: [
        { name: 'sku', data_type: 'text' },
        { name: 'region', data_type: 'text' },
        { name: 'price', data_type: 'numeric' },
      ],
      relations: [
        {
          schema: 'snapshots',
          identifier: 'prices_snapshot',
          kind: 'table',
          columns: [
            { name: 'sku', data_type: 'text' },
            { name: 'region', data_type: 'text' },
            { name: 'price', data_type: 'numeric' },
            { name: 'dbt_scd_id', data_type: 'text' },
            { name: 'dbt_updated_at', data_type: 'timestamp without time zone' },
            { name: 'valid_from', data_type: 'timestamp without time zone' },
            { name: 'valid_to', data_type: 'timestamp without time zone' },
            { name: 'dbt_is_deleted', data_type: 'text' },
          ],
        },
      ],
    });
    await expect(planText(await materializeSnapshot(input, db))).toMatchFileSnapshot('__golden__/snapshot-check-new-record.sql');
  });
});
