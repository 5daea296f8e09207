import { describe, expect, it } from 'vitest';
import { StrataError } from '../errors/strata-error.js';
import { comparableDataType } from './contract.js';
import { ContractMismatchError, MaterializationConfigError } from './materialize-errors.js';
import { materializeMaterializedView } from './materialized-view.js';
import { materializeTable } from './table.js';
import { materializeView } from './view.js';
import { fixedDatabaseState } from './testing/fixed-database-state.js';
import { materializeInput, type ModelFixture } from './testing/model-fixture.js';

const base: ModelFixture = { name: 'orders', schema: 'analytics', sql: 'select 1 as id' };
const db = fixedDatabaseState({ queryColumns: [{ name: 'id', data_type: 'integer' }] });

async function planError(fixture: Partial<ModelFixture>, materialize = materializeTable): Promise<StrataError> {
  const error = await materialize(materializeInput({ ...base, ...fixture }), db).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof StrataError)) throw new Error(`expected a StrataError, got ${String(error)}`);
  return error;
}

describe('config mistakes are reported with the model file and a hint', () => {
  it.each([
    [{ indexes: { columns: ['id'] } }, 'model.demo.orders: indexes must be a list, got {"columns":["id"]}'],
    [{ indexes: [{ columns: [] }] }, 'model.demo.orders: indexes[0].columns must be a non-empty list of column names'],
    [{ indexes: [{ columns: ['id'], method: 'hash' }] }, 'model.demo.orders: indexes[0] has unknown key method'],
    [{ indexes: [{ columns: ['id'], type: 'hash; drop table x' }] }, 'model.demo.orders: indexes[0].type must be an index access method name, got "hash; drop table x"'],
    [{ grants: { selekt: ['bi'] } }, 'model.demo.orders: grants: unknown privilege "selekt"'],
    [{ grants: { select: ['bad role'] } }, 'model.demo.orders: grants.select: "bad role" is not a role name'],
    [{ partition_by: { field: 'id', granularity: 'week' } }, 'model.demo.orders: partition_by.granularity must be day, month or year, got "week"'],
    [{ partition_by: { field: 'id' } }, 'model.demo.orders: partition_by.field id is integer, not a date or timestamp'],
    [{ partition_by: { field: 'd' }, unlogged: true }, 'model.demo.orders: a partitioned table cannot be unlogged in PostgreSQL; drop unlogged or partition_by'],
  ])('%j', async (config, message) => {
    const error = await planError({ config });
    expect(error).toBeInstanceOf(MaterializationConfigError);
    expect(error.message).toBe(message);
    expect(error.where).toBe('models/orders.sql');
    expect(error.hint).toBeTruthy();
  });

  it('rejects an unknown on_configuration_change', async () => {
    const error = await planError({ config: { on_configuration_change: 'ignore' } }, materializeMaterializedView);
    expect(error.message).toBe('model.demo.orders: on_configuration_change must be apply, continue or fail, got "ignore"');
  });

  it('rejects an enforced contract without data types, naming the columns', async () => {
    const error = await planError({ config: { contract: { enforced: true } }, columns: [{ name: 'id' }] }, materializeView);
    expect(error).toBeInstanceOf(ContractMismatchError);
    expect(error.message).toBe('model.demo.orders: the contract is enforced but id has no data_type');
  });

  it('rejects unknown constraint types', async () => {
    const error = await planError({ config: { contract: { enforced: true } }, columns: [{ name: 'id', data_type: 'int', constraints: [{ type: 'primary' }] }] });
    expect(error.message).toBe('model.demo.orders: columns.id.constraints[0] has unknown type "primary"');
  });

  it('refuses to replace a foreign table', async () => {
    const foreign = fixedDatabaseState({ relations: [{ schema: 'analytics', identifier: 'orders', kind: 'foreign_table' }] });
    const error = await materializeTable(materializeInput(base), foreign).catch((e: unknown) => e as StrataError);
    expect(error).toBeInstanceOf(MaterializationConfigError);
    expect(error.message).toBe('model.demo.orders: analytics.orders already exists as a foreign table; strata will not replace it');
  });
});

describe('contract data types', () => {
  it.each([
    ['int', 'integer'],
    ['INT4', 'integer'],
    ['varchar(20)', 'character varying'],
    ['character varying(300)', 'character varying'],
    ['numeric(10, 2)', 'numeric'],
    ['decimal', 'numeric'],
    ['timestamptz', 'timestamp with time zone'],
    ['timestamp(3) without time zone', 'timestamp without time zone'],
    ['text[]', 'text[]'],
    ['float', 'double precision'],
  ])('%s compares as %s', (written, comparable) => {
    expect(comparableDataType(written)).toBe(comparable);
  });
});
