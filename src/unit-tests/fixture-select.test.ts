import { describe, expect, it } from 'vitest';
import { fixtureColumns, fixtureSelect } from './fixture-select.js';
import { fixtureTable } from './fixture-table.js';

const at = { file: 'models/schema.yml', line: 3 };

describe('fixture rows as a SELECT', () => {
  it('casts each value to its known column type and fills columns a row leaves out with typed NULLs', () => {
    const table = fixtureTable({ format: 'dict', rows: [{ id: 1, played_on: '2024-09-08' }, { id: 2, note: "it's" }] }, 'given', at);
    const columns = fixtureColumns([{ name: 'id', type: 'integer' }, { name: 'played_on', type: 'date' }], table);
    expect(fixtureSelect(table, columns)).toBe(
      [
        `select cast(1 as integer) as "id", cast('2024-09-08' as date) as "played_on", null as "note"`,
        'union all',
        `select cast(2 as integer) as "id", cast(null as date) as "played_on", 'it''s' as "note"`,
      ].join('\n'),
    );
  });

  it('matches a row column to a known column ignoring case, keeping the known spelling', () => {
    const table = fixtureTable({ format: 'dict', rows: [{ ID: 7 }] }, 'given', at);
    expect(fixtureSelect(table, fixtureColumns([{ name: 'id', type: 'bigint' }], table))).toBe('select cast(7 as bigint) as "id"');
  });

  it('reads csv text: empty cells are NULL, untyped numbers stay numbers, typed values are cast from text', () => {
    const table = fixtureTable({ format: 'csv', rows: 'id,name,score\n1,ann,\n2,,9.5\n' }, 'given', at);
    expect(fixtureSelect(table, fixtureColumns([{ name: 'score', type: 'numeric(4,1)' }], table))).toBe(
      [
        `select cast(null as numeric(4,1)) as "score", 1 as "id", 'ann' as "name"`,
        'union all',
        `select cast('9.5' as numeric(4,1)) as "score", 2 as "id", null as "name"`,
      ].join('\n'),
    );
  });

  it('gives an empty but typed result for no rows', () => {
    const table = fixtureTable({ format: 'dict', rows: [] }, 'given', at);
    expect(fixtureSelect(table, fixtureColumns([{ name: 'id', type: 'integer' }], table))).toBe('select cast(null as integer) as "id"\nwhere false');
  });

  it('writes booleans, json values and untyped text as literals', () => {
    const table = fixtureTable({ format: 'dict', rows: [{ ok: true, tags: ['a'], payload: { k: 1 }, name: 'x' }] }, 'given', at);
    expect(fixtureSelect(table, fixtureColumns([{ name: 'payload', type: 'jsonb' }], table))).toBe(
      `select cast('{"k":1}' as jsonb) as "payload", true as "ok", '["a"]' as "tags", 'x' as "name"`,
    );
  });

  it('refuses rows that are not a list of mappings, naming the fixture', () => {
    expect(() => fixtureTable({ format: 'dict', rows: 'id\n1' }, "given ref('x')", at)).toThrow(/given ref\('x'\): dict rows must be a list of mappings/);
    expect(() => fixtureTable({ format: 'dict', rows: [[1, 2]] }, 'expect', at)).toThrow(/expect: row 1 is not a mapping/);
    expect(() => fixtureTable({ format: 'csv', rows: 'a,b\n1,2,3' }, 'expect', at)).toThrow(/expect: the csv rows cannot be read/);
  });
});
