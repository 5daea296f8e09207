import { describe, expect, it } from 'vitest';
import { StrataError } from '../errors/strata-error.js';
import { MaterializationConfigError } from './materialize-errors.js';
import { readSnapshotConfig } from './snapshot-config.js';
import { materializeSnapshot } from './snapshot.js';
import { fixedDatabaseState } from './testing/fixed-database-state.js';
import { materializeInput, modelNode } from './testing/model-fixture.js';

const timestamp = { unique_key: 'id', strategy: 'timestamp', updated_at: 'updated_at' };
const node = (config: Record<string, unknown>) => modelNode({ name: 'orders_snapshot', schema: 'snapshots', sql: 'select 1', config });

describe('snapshot configs', () => {
  it('reads dbt defaults: hard_deletes ignore, the standard meta column names', () => {
    expect(readSnapshotConfig(node(timestamp))).toEqual({
      uniqueKey: ['id'],
      strategy: { kind: 'timestamp', updatedAt: 'updated_at' },
      hardDeletes: 'ignore',
      meta: { dbt_scd_id: 'dbt_scd_id', dbt_updated_at: 'dbt_updated_at', dbt_valid_from: 'dbt_valid_from', dbt_valid_to: 'dbt_valid_to', dbt_is_deleted: 'dbt_is_deleted' },
    });
  });

  it('reads invalidate_hard_deletes: true as hard_deletes invalidate, and a check strategy with a list key', () => {
    const config = readSnapshotConfig(node({ unique_key: ['a', 'b'], strategy: 'check', check_cols: 'all', invalidate_hard_deletes: true }));
    expect(config).toMatchObject({ uniqueKey: ['a', 'b'], strategy: { kind: 'check', checkCols: 'all' }, hardDeletes: 'invalidate' });
  });

  it.each([
    [{ strategy: 'timestamp', updated_at: 'u' }, 'a snapshot needs a unique_key'],
    [{ ...timestamp, unique_key: [] }, 'unique_key must be a column name or a non-empty list of column names, got []'],
    [{ ...timestamp, unique_key: 42 }, 'unique_key must be a column name or a non-empty list of column names, got 42'],
    [{ unique_key: 'id' }, 'a snapshot needs a strategy'],
    [{ ...timestamp, strategy: 'timestmp' }, 'snapshot strategy "timestmp" is not supported'],
    [{ unique_key: 'id', strategy: 'timestamp' }, 'the timestamp strategy needs updated_at'],
    [{ unique_key: 'id', strategy: 'check' }, 'the check strategy needs check_cols'],
    [{ unique_key: 'id', strategy: 'check', check_cols: 'some' }, `check_cols must be 'all' or a non-empty list of column names, got "some"`],
    [{ ...timestamp, hard_deletes: 'delete' }, 'hard_deletes must be ignore, invalidate or new_record, got "delete"'],
    [{ ...timestamp, hard_deletes: 'invalidate', invalidate_hard_deletes: true }, 'hard_deletes and invalidate_hard_deletes are both set'],
    [{ ...timestamp, snapshot_meta_column_names: { dbt_valid_until: 'x' } }, 'snapshot_meta_column_names has unknown key dbt_valid_until'],
    [{ ...timestamp, snapshot_meta_column_names: { dbt_valid_from: 'dbt_valid_to' } }, 'snapshot_meta_column_names gives two meta columns the name dbt_valid_to'],
    [{ ...timestamp, dbt_valid_to_current: "'9999-12-31'; drop table x" }, `dbt_valid_to_current must be an SQL expression, got "'9999-12-31'; drop table x"`],
  ])('%j is refused', (config, message) => {
    let error: unknown;
    try {
      readSnapshotConfig(node(config));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MaterializationConfigError);
    const strata = error as StrataError;
    expect(strata.message).toBe(`model.demo.orders_snapshot: ${message}`);
    expect(strata.where).toBe('models/orders_snapshot.sql');
    expect(strata.hint).toBeTruthy();
  });

  it('refuses a unique_key, updated_at or check column the query does not return, before planning', async () => {
    const db = fixedDatabaseState({ queryColumns: [{ name: 'id', data_type: 'integer' }, { name: 'updated_at', data_type: 'date' }] });
    const plan = (config: Record<string, unknown>) =>
      materializeSnapshot(materializeInput({ name: 'orders_snapshot', schema: 'snapshots', sql: 'select 1', config }), db);
    await expect(plan({ ...timestamp, unique_key: 'order_id' })).rejects.toThrow(
      'model.demo.orders_snapshot: unique_key names "order_id", which is not a column of the model (columns: id, updated_at)',
    );
    await expect(plan({ ...timestamp, updated_at: 'changed_at' })).rejects.toThrow('updated_at names "changed_at"');
    await expect(plan({ unique_key: 'id', strategy: 'check', check_cols: ['status'] })).rejects.toThrow('check_cols names "status"');
  });
});
