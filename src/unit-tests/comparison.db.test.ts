import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../adapters/adapter.js';
import { openAdapter } from '../adapters/open-adapter.js';
import { testTarget, testTargetKinds } from '../adapters/testing/test-targets.js';
import { comparisonQuery, differingRowCount, diffRowsOf } from './comparison.js';
import { fixtureColumns, fixtureSelect, type FixtureColumn } from './fixture-select.js';
import { fixtureTable } from './fixture-table.js';

const at = { file: 'models/schema.yml' };

// Only SELECTs over literals: nothing is created, so the server needs no schema of its own.
describe.each(testTargetKinds)('unit test comparison on %s', (kind) => {
  let adapter: Adapter;
  beforeAll(async () => {
    const { target, projectDir } = testTarget(kind);
    adapter = await openAdapter(target, { projectDir });
  });
  afterAll(async () => {
    await adapter?.close();
  });

  /** Rows of `actualSql` that differ from the expected dict rows, typed like the actual columns. */
  async function compare(actualSql: string, expected: Record<string, unknown>[], columns: FixtureColumn[]) {
    const table = fixtureTable({ format: 'dict', rows: expected }, 'expect', at);
    const sql = comparisonQuery(actualSql, fixtureSelect(table, columns), columns);
    const diff = diffRowsOf((await adapter.withConnection((c) => c.query(sql))).rows);
    return { diff, count: differingRowCount(diff) };
  }

  it('passes equal rows in any order, with numerics of another scale and NULLs equal', async () => {
    const actual = `select * from (values (1, 21.00::numeric, null::text), (2, 15.7, 'b')) as t(id, points, note)`;
    const columns = [{ name: 'id', type: 'integer' }, { name: 'points', type: 'numeric' }, { name: 'note', type: 'text' }];
    expect(await compare(actual, [{ id: 2, points: 15.7, note: 'b' }, { id: 1, points: 21, note: null }], columns)).toEqual({ diff: [], count: 0 });
  });

  it('compares as multisets: a duplicated row is one unexpected row', async () => {
    const actual = `select * from (values (1), (1), (2)) as t(id)`;
    const { diff, count } = await compare(actual, [{ id: 1 }, { id: 2 }], [{ name: 'id', type: 'integer' }]);
    expect(count).toBe(1);
    expect(diff).toEqual([{ values: { id: 1 }, actual: 2, expected: 1 }]);
  });

  it('compares only the expected columns', async () => {
    const actual = `select 1 as id, 'ignored' as other`;
    expect((await compare(actual, [{ id: 1 }], [{ name: 'id', type: 'integer' }])).count).toBe(0);
  });

  it('finds missing and unexpected rows, and compares json columns', async () => {
    const actual = `select * from (values (1, '{"a": 1}'::json), (3, '[]'::json)) as t(id, payload)`;
    const columns = [{ name: 'id', type: 'integer' }, { name: 'payload', type: 'json' }];
    const { diff } = await compare(actual, [{ id: 1, payload: { a: 1 } }, { id: 2, payload: [] }], columns);
    expect(diff).toEqual([
      { values: { id: 2, payload: [] }, actual: 0, expected: 1 },
      { values: { id: 3, payload: [] }, actual: 1, expected: 0 },
    ]);
  });

  it('with no expected columns compares the row count', async () => {
    expect((await compare(`select 1 as id where false`, [], [])).count).toBe(0);
    expect((await compare(`select 1 as id`, [], [])).count).toBe(1);
  });

  it('types fixture values so the model can compare dates and add numbers', async () => {
    const table = fixtureTable({ format: 'csv', rows: 'played_on,yards\n2024-09-08,10\n2024-09-15,\n' }, 'given', at);
    const fixture = fixtureSelect(table, fixtureColumns([{ name: 'played_on', type: 'date' }, { name: 'yards', type: 'integer' }], table));
    const { rows } = await adapter.withConnection((c) =>
      c.query(`with games as (${fixture}) select count(*)::int as n, sum(yards)::int as yards from games where played_on > date '2024-09-01'`),
    );
    expect(rows).toEqual([{ n: 2, yards: 10 }]);
  });
});
