import { describe, expect, it } from 'vitest';
import { ConfigError, StrataError } from '../errors/strata-error.js';
import { materializeIncremental } from './incremental.js';
import { materializeSeed } from './seed.js';
import { materializeSnapshot } from './snapshot.js';
import { testInput, testSeed } from './testing-incremental/nodes.js';
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

describe('every materialization reports config mistakes as a ConfigError naming the file', () => {
  const existing = fixedDatabaseState({
    queryColumns: [{ name: 'id', data_type: 'integer' }],
    relations: [{ schema: 'analytics', identifier: 'orders', kind: 'table', columns: [{ name: 'id', data_type: 'integer' }] }],
  });
  const planned = (materialize: typeof materializeTable, config: Record<string, unknown>) =>
    materialize(materializeInput({ ...base, config }), existing).then(
      () => undefined,
      (e: unknown) => e,
    );

  it.each([
    ['incremental', materializeIncremental, { unique_key: { id: 1 } }, 'model.demo.orders: unique_key must be a string or a list of strings'],
    ['incremental', materializeIncremental, { unique_key: 'order_id' }, 'model.demo.orders: unique_key names "order_id", which is not a column of the model (columns: id)'],
    ['incremental', materializeIncremental, { incremental_strategy: 'insert_overwrite' }, 'model.demo.orders: incremental_strategy "insert_overwrite" is not supported on PostgreSQL'],
    ['incremental', materializeIncremental, { on_schema_change: 'append' }, 'model.demo.orders: on_schema_change "append" is not supported'],
    ['incremental', materializeIncremental, { incremental_strategy: 'microbatch' }, 'model.demo.orders: incremental_strategy microbatch needs event_time'],
    ['snapshot', materializeSnapshot, { unique_key: 'id', strategy: 'latest' }, 'model.demo.orders: snapshot strategy "latest" is not supported'],
    ['snapshot', materializeSnapshot, { strategy: 'check', check_cols: 'all' }, 'model.demo.orders: a snapshot needs a unique_key'],
    ['materialized_view', materializeMaterializedView, { on_configuration_change: 'sometimes' }, 'model.demo.orders: on_configuration_change must be apply, continue or fail, got "sometimes"'],
    ['view', materializeView, { grants: { select: 'bi; drop' } }, 'model.demo.orders: grants.select: "bi; drop" is not a role name'],
  ])('%s %j', async (_kind, materialize, config, message) => {
    const error = await planned(materialize, config);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as StrataError).message).toBe(message);
    expect((error as StrataError).where).toBe('models/orders.sql');
    expect((error as StrataError).hint).toBeTruthy();
  });

  it('seed', async () => {
    const seed = testSeed('colors', 'analytics', { delimiter: ';;' });
    const error = await materializeSeed(testInput(seed, '', 'run1'), fixedDatabaseState({}), 'id\n1\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as StrataError).message).toBe('seed.test.colors: delimiter must be a single character, got ";;"');
    expect((error as StrataError).where).toBe(seed.original_file_path);
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
